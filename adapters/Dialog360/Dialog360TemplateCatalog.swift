import AdapterKit
import SwitchboardCore

/// 360dialog's template catalog (docs/providers.md §2.10): `GET {base}/v1/configs/templates?limit=…&offset=…`
/// with `D360-API-KEY` (the key names the business account). The answer lists `waba_templates[]` with `offset`,
/// `count` and `total`; the next page starts at `offset + count` while that is below `total`. An answer in the
/// Cloud API's shape (`data[]`, `paging`) is read like Meta's.
extension Dialog360Adapter: TemplateCatalogSource {
    public func templateCatalogRequest(connection: ConnectionConfig, cursor: String?, pageSize: Int) throws(TemplateCatalogError)
        -> ProviderRequest
    {
        let key: String
        do {
            key = try connection.secret("api_key")
        } catch {
            throw TemplateCatalogError(code: .notConfigured, message: error.message)
        }
        var query = [("limit", String(max(pageSize, 1)))]
        if let cursor {
            query.append((cursor.hasPrefix("after:") ? "after" : "offset", String(cursor.trimmingPrefix("after:"))))
        }
        let url = "\(Dialog360Outbound.baseURL(connection))/v1/configs/templates?\(FormBody.encode(query))"
        var request = ProviderRequest(method: "GET", url: url, headers: [HTTPField(name: "D360-API-KEY", value: key)])
        request.annotations.set("operation", "template_catalog")
        return request
    }

    public func templateCatalogPage(_ response: ProviderResponse) throws(TemplateCatalogError) -> TemplateCatalogPage {
        let root = try WhatsAppTemplateCatalog.body(of: response)
        let templates = try WhatsAppTemplateCatalog.templates(in: root)
        if let paging = root["paging"] {
            let after = paging["cursors"]?["after"]?.string
            let more = paging["next"]?.string.map { !$0.isEmpty } ?? false
            return TemplateCatalogPage(templates: templates, next: more ? after.map { "after:" + $0 } : nil)
        }
        let offset = root["offset"]?.int ?? 0
        let count = root["count"]?.int ?? templates.count
        guard let total = root["total"]?.int, count > 0, offset + count < total else {
            return TemplateCatalogPage(templates: templates, next: nil)
        }
        return TemplateCatalogPage(templates: templates, next: String(offset + count))
    }
}
