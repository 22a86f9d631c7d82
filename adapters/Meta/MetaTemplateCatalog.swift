import AdapterKit
import SwitchboardCore

/// The Cloud API's template catalog (docs/providers.md §2.10):
/// `GET {base}/{version}/{waba-id}/message_templates?fields=…&limit=…&after=…` with `Authorization: Bearer`.
///
/// The WhatsApp Business Account id is the connection's `options.business_account_id`. Pages follow
/// `paging.cursors.after` while the answer has a `paging.next`; the gateway builds the next URL itself rather
/// than following `paging.next`, so the access token only ever goes to the connection's own base URL.
extension MetaAdapter: TemplateCatalogSource {
    public func templateCatalogRequest(connection: ConnectionConfig, cursor: String?, pageSize: Int) throws(TemplateCatalogError)
        -> ProviderRequest
    {
        guard let waba = connection.options["business_account_id"], !waba.isEmpty else {
            throw TemplateCatalogError(
                code: .notConfigured, message: "connection \(connection.name) has no options.business_account_id to list its templates")
        }
        guard waba.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter || $0 == "_" || $0 == "-") }) else {
            throw TemplateCatalogError(code: .notConfigured, message: "options.business_account_id \"\(waba)\" is not a Graph API id")
        }
        let token: String
        do {
            token = try connection.secret("access_token")
        } catch {
            throw TemplateCatalogError(code: .notConfigured, message: error.message)
        }
        var query = [("fields", WhatsAppTemplateCatalog.fields), ("limit", String(max(pageSize, 1)))]
        if let cursor { query.append(("after", cursor)) }
        let base = MetaOutbound.baseURL(for: .whatsapp, connection: connection)
        let url = "\(base)/\(MetaOutbound.apiVersion(connection))/\(waba)/message_templates?\(FormBody.encode(query))"
        var request = ProviderRequest(method: "GET", url: url, headers: [HTTPField(name: "Authorization", value: "Bearer \(token)")])
        request.annotations.set("operation", "template_catalog")
        return request
    }

    public func templateCatalogPage(_ response: ProviderResponse) throws(TemplateCatalogError) -> TemplateCatalogPage {
        let root = try WhatsAppTemplateCatalog.body(of: response)
        let templates = try WhatsAppTemplateCatalog.templates(in: root)
        let paging = root["paging"]
        let after = paging?["cursors"]?["after"]?.string
        let more = paging?["next"]?.string.map { !$0.isEmpty } ?? false
        return TemplateCatalogPage(templates: templates, next: more && after?.isEmpty == false ? after : nil)
    }
}
