using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace StrategyReports.Functions.Layout;

/// <summary>
/// The stylesheet and images under <c>static/</c> (the build puts them there), read once at start-up. Pages link to
/// each by a URL carrying a hash of its content (<c>/assets/site.css?v=…</c>), so a browser may keep it for a year
/// and a new release is fetched at once; text files are sent gzip- or Brotli-compressed (made once, on first
/// request). No page is compressed: pages carry secrets (form proofs, antiforgery tokens) beside text a visitor typed, which compression would expose to a BREACH-style guess.
/// </summary>
public sealed class StaticAssets
{
    public const string UrlPrefix = "/assets/";

    private const string ImmutableForAYear = "public, max-age=31536000, immutable";

    // An address without the current hash (an old page, a hand-typed URL) is answered, but kept briefly.
    private const string ShortLived = "public, max-age=300";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly FrozenDictionary<string, StaticAsset> _files;

    public StaticAssets(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToFrozenDictionary(
                file => Path.GetRelativePath(root, file).Replace('\\', '/'),
                file => StaticAsset.Read(file, ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream"),
                StringComparer.Ordinal);
    }

    /// <summary>The address pages link to; a missing file is a bug in the layout, found at the first render.</summary>
    public string Url(string path) =>
        _files.TryGetValue(path, out var asset)
            ? $"{UrlPrefix}{path}?v={asset.Version}"
            : throw new FileNotFoundException($"There is no static asset '{path}' under static/.", path);

    public IResult Serve(HttpContext http, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!_files.TryGetValue(path, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = http.Request.Query["v"] == asset.Version ? ImmutableForAYear : ShortLived;
        headers.ETag = asset.ETag;
        headers.Vary = HeaderNames.AcceptEncoding;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var accepted = http.Request.Headers.AcceptEncoding.ToString();
        var (body, encoding) = !asset.IsText ? (asset.Content, null)
            : accepted.Contains("br", StringComparison.OrdinalIgnoreCase) ? (asset.Brotli.Value, "br")
            : accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? (asset.Gzip.Value, "gzip")
            : (asset.Content, null);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        return TypedResults.Bytes(body, asset.ContentType);
    }

    private sealed record StaticAsset(byte[] Content, string ContentType, string Version, bool IsText)
    {
        public string ETag => $"\"{Version}\"";

        public Lazy<byte[]> Gzip { get; } = new(() => Compress(Content, body => new GZipStream(body, CompressionLevel.SmallestSize)));

        public Lazy<byte[]> Brotli { get; } = new(() => Compress(Content, body => new BrotliStream(body, CompressionLevel.SmallestSize)));

        public static StaticAsset Read(string file, string contentType)
        {
            var content = File.ReadAllBytes(file);
            var isText = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "image/svg+xml";
            return new StaticAsset(content, contentType, Convert.ToHexStringLower(SHA256.HashData(content))[..16], isText);
        }

        private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
        {
            using var body = new MemoryStream();
            using (var compressing = compressor(body))
            {
                compressing.Write(content);
            }

            return body.ToArray();
        }
    }
}
