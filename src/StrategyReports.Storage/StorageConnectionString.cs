namespace StrategyReports.Storage;

/// <summary>
/// An Azure Storage connection string: the account, its key and the Blob and Table endpoints.
/// </summary>
/// <remarks>
/// Accepts <c>UseDevelopmentStorage=true</c> (Azurite on its default ports), account name and key with
/// <c>DefaultEndpointsProtocol</c> and <c>EndpointSuffix</c>, and explicit <c>BlobEndpoint</c>/<c>TableEndpoint</c>
/// values, which win over derived ones.
/// </remarks>
public sealed record StorageConnectionString
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key; public by design, never a secret.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageConnectionString(string accountName, string? accountKey, Uri tableEndpoint, Uri blobEndpoint)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        TableEndpoint = tableEndpoint;
        BlobEndpoint = blobEndpoint;
    }

    public string AccountName { get; }

    /// <summary>The base64 account key, or null when the connection string carries none.</summary>
    public string? AccountKey { get; }

    public Uri TableEndpoint { get; }

    public Uri BlobEndpoint { get; }

    /// <summary>The shared key credential for this account, or null when there is no key.</summary>
    public StorageSharedKeyCredential? Credential =>
        AccountKey is null ? null : new StorageSharedKeyCredential(AccountName, AccountKey);

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string is malformed or lacks what a client needs.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The setting's value may be a key; name only its position.
                throw new FormatException("The storage connection string has a setting without a name=value pair.");
            }

            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            return new StorageConnectionString(
                DevelopmentAccountName,
                DevelopmentAccountKey,
                Endpoint(settings, "TableEndpoint") ?? new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
                Endpoint(settings, "BlobEndpoint") ?? new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"));
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("Storage connection strings with a SharedAccessSignature are not supported; use an account key or a TokenCredential.");
        }

        if (!settings.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            throw new FormatException("The storage connection string has no AccountName.");
        }

        settings.TryGetValue("AccountKey", out var accountKey);
        if (accountKey is not null && !IsBase64(accountKey))
        {
            throw new FormatException("The storage connection string's AccountKey is not valid base64.");
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"DefaultEndpointsProtocol must be http or https, not '{protocol}'.");
        }

        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            accountName,
            string.IsNullOrEmpty(accountKey) ? null : accountKey,
            Endpoint(settings, "TableEndpoint") ?? new Uri($"{protocol}://{accountName}.table.{suffix}"),
            Endpoint(settings, "BlobEndpoint") ?? new Uri($"{protocol}://{accountName}.blob.{suffix}"));
    }

    /// <summary>Formats the connection string without its key, safe to log.</summary>
    public override string ToString() =>
        $"AccountName={AccountName};TableEndpoint={TableEndpoint};BlobEndpoint={BlobEndpoint}";

    private static Uri? Endpoint(Dictionary<string, string> settings, string name)
    {
        if (!settings.TryGetValue(name, out var value) || value.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"The storage connection string's {name} is not an absolute http(s) URL.");
        }

        return endpoint;
    }

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
