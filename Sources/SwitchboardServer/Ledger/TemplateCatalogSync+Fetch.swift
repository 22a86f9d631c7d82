import AdapterKit
import SwitchboardCore
import SwitchboardLedger
import SwitchboardTransport

extension TemplateCatalogSync {
    /// Every page of `connection`'s catalog through the transport, as catalog records read at `at`: the adapter
    /// builds each request and reads each answer; more than `templates.max_pages` pages fail the read, as does any
    /// page that fails (a partial listing never replaces the catalog).
    func fetch(_ connection: ConnectionConfig, at: Timestamp) async throws(TemplateCatalogError) -> [TemplateRecord] {
        guard let source = source(for: connection), source.channels(of: connection).contains(.whatsapp) else {
            throw TemplateCatalogError(
                code: .unsupported,
                message: "connection \(connection.name) (\(connection.provider.rawValue)) has no WhatsApp template catalog")
        }
        var templates: [WhatsAppTemplate] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<settings.maxPages {
            let request = try source.templateCatalogRequest(connection: connection, cursor: cursor, pageSize: settings.pageSize)
            let response: ProviderResponse
            do {
                response = try await transport.send(request, options: TransportOptions(timeout: .seconds(30)))
            } catch {
                throw TemplateCatalogError(code: .transport, message: error.description, underlying: error)
            }
            let page = try source.templateCatalogPage(response)
            templates += page.templates
            guard let next = page.next else { return Self.records(templates, at: at) }
            // A provider repeating a cursor would loop until the page cap: stop at once instead.
            guard seen.insert(next).inserted else {
                throw TemplateCatalogError(code: .malformedPage, message: "the provider gave the same page cursor twice")
            }
            cursor = next
        }
        throw TemplateCatalogError(
            code: .tooManyPages, message: "the catalog has more than \(settings.maxPages) pages (templates.max_pages); nothing was replaced"
        )
    }

    /// The listed templates as catalog records, one per (name, language) (the first listed wins).
    static func records(_ templates: [WhatsAppTemplate], at: Timestamp) -> [TemplateRecord] {
        var seen: Set<String> = []
        return templates.compactMap { template in
            guard seen.insert(template.name + "\u{0}" + template.language).inserted else { return nil }
            return TemplateRecord(
                name: template.name, language: template.language, status: template.status, category: template.category,
                quality: template.quality, reason: template.reason, providerID: template.id, headerFormat: template.headerFormat,
                updatedAt: at)
        }
    }
}
