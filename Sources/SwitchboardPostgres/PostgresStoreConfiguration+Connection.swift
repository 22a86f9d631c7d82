import PostgresNIO

/// The postgres-nio settings every connection of a store is opened with.
extension PostgresStoreConfiguration {
    /// Startup parameters: durable commits whatever the server default, a recognisable application
    /// name, and the schema as search path when one is set.
    var startupParameters: [(String, String)] {
        var parameters = [("synchronous_commit", "on"), ("application_name", "switchboard")]
        if let schema { parameters.append(("search_path", schema)) }
        return parameters
    }

    /// TLS as postgres-nio takes it: `require` verifies the certificate chain and host name with NIOSSL's
    /// defaults, against ``trustRootsFile`` when set, the system trust roots otherwise.
    var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .require: .require(tlsConfiguration)
        }
    }

    /// NIOSSL's client defaults (certificate chain and host name verified), with the configured trust roots.
    var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let trustRootsFile { configuration.trustRoots = .file(trustRootsFile) }
        return configuration
    }

    /// The pool's configuration.
    var clientConfiguration: PostgresClient.Configuration {
        var settings = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
        settings.options.maximumConnections = maximumConnections
        settings.options.connectTimeout = .milliseconds(connectTimeoutMilliseconds)
        settings.options.additionalStartupParameters = startupParameters
        return settings
    }

    /// The configuration of a connection outside the pool (the startup probe, the LISTEN connection);
    /// fails when the TLS context cannot be built (the trust roots cannot be loaded).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .require: .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
        var settings = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        settings.options.connectTimeout = .milliseconds(connectTimeoutMilliseconds)
        settings.options.additionalStartupParameters = startupParameters
        return settings
    }
}
