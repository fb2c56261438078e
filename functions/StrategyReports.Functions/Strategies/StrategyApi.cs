using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Strategies;

/// <summary>Publishing and reading a partnership's strategy definition.</summary>
public static class StrategyApi
{
    public static IEndpointRouteBuilder MapStrategyApi(this IEndpointRouteBuilder app)
    {
        var strategy = app.MapGroup("/api/partnerships/{partnershipId}/strategy");
        strategy.MapPut("", PublishAsync).WithName("PublishStrategy").RequireAuthorization(Policies.Admin);
        strategy.MapPost("/preview", PreviewAsync).WithName("PreviewStrategy").RequireAuthorization(Policies.Admin);
        strategy.MapGet("", GetCurrentAsync).WithName("GetStrategy").RequireAuthorization(Policies.LeadOrAdmin);
        strategy.MapGet("/versions", ListVersionsAsync).WithName("ListStrategyVersions").RequireAuthorization(Policies.LeadOrAdmin);
        strategy.MapGet("/versions/{version:int}", GetVersionAsync).WithName("GetStrategyVersion").RequireAuthorization(Policies.LeadOrAdmin);
        return app;
    }

    public sealed record PublishResult(string PartnershipId, int Version, DateTimeOffset PublishedAt, string PublishedBy, string Sha256, bool Unchanged);

    /// <summary>
    /// Publishes a JSON or YAML document as a new immutable version; 422 lists every problem and stores nothing.
    /// With <c>?basedOnVersion=N</c> (the version a preview was made against), 409 when another was published since.
    /// </summary>
    public static async Task<Results<Created<PublishResult>, Ok<PublishResult>>> PublishAsync(
        string partnershipId, int? basedOnVersion, HttpRequest request, ClaimsPrincipal user, StrategyPublishing publishing, CancellationToken cancellationToken)
    {
        var text = await ReadBodyAsync(request, cancellationToken);
        var (published, created) = await publishing.PublishAsync(user, partnershipId, text, request.ContentType, basedOnVersion, cancellationToken);
        var v = published.Version;
        var result = new PublishResult(v.PartnershipId, v.Version, v.PublishedAt, v.PublishedBy, v.Sha256, Unchanged: !created);
        return created
            ? TypedResults.Created($"/api/partnerships/{partnershipId}/strategy/versions/{v.Version}", result)
            : TypedResults.Ok(result);
    }

    /// <param name="Line">The document's line the problem is on, when one applies.</param>
    public sealed record PreviewProblem(string Path, int? Line, string Message);

    /// <param name="Kind"><c>added</c>, <c>removed</c> or <c>changed</c>.</param>
    public sealed record PreviewChange(string Part, string Id, string Name, string Kind, IReadOnlyList<FieldChange> Fields);

    /// <param name="CurrentVersion">Publish with <c>?basedOnVersion=</c> this to be refused if someone publishes first.</param>
    public sealed record PreviewResult(string PartnershipId, int CurrentVersion, bool Valid, IReadOnlyList<PreviewProblem> Problems, IReadOnlyList<PreviewChange> Changes);

    /// <summary>What publishing the document would do: every problem against its line, or what it changes. Writes nothing.</summary>
    public static async Task<Ok<PreviewResult>> PreviewAsync(
        string partnershipId, HttpRequest request, ClaimsPrincipal user, StrategyPublishing publishing, CancellationToken cancellationToken)
    {
        var text = await ReadBodyAsync(request, cancellationToken);
        var preview = await publishing.PreviewAsync(user, partnershipId, text, request.ContentType, cancellationToken);
        return TypedResults.Ok(new PreviewResult(
            partnershipId,
            preview.CurrentVersion,
            preview.IsValid,
            [.. preview.Problems.Select(p => new PreviewProblem(p.Path, p.Line, p.Message))],
            [.. (preview.Diff?.Changes ?? []).Select(c => new PreviewChange(c.Part, c.Id, c.Name, c.Kind.ToString().ToLowerInvariant(), c.Fields))]));
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public static async Task<IResult> GetCurrentAsync(string partnershipId, ClaimsPrincipal user, StrategyStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var current = await store.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        return Document(current, response);
    }

    public static async Task<Ok<IReadOnlyList<StrategyVersion>>> ListVersionsAsync(string partnershipId, ClaimsPrincipal user, StrategyStore store, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var versions = await store.ListVersionsAsync(partnershipId, cancellationToken);
        return versions.Count == 0 ? throw new NotFoundException("partnership", partnershipId) : TypedResults.Ok(versions);
    }

    public static async Task<IResult> GetVersionAsync(string partnershipId, int version, ClaimsPrincipal user, StrategyStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var published = await store.GetVersionAsync(partnershipId, version, cancellationToken)
            ?? throw new NotFoundException("strategy version", $"{partnershipId} v{version}");
        return Document(published, response);
    }

    // The canonical JSON as stored, so what a lead reads is byte for byte what was validated.
    private static IResult Document(PublishedStrategy published, HttpResponse response)
    {
        response.Headers.ETag = $"\"{published.Version.Sha256}\"";
        response.Headers["X-Strategy-Version"] = published.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Text(published.CanonicalJson, "application/json", Encoding.UTF8);
    }
}
