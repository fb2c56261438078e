using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Errors;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions.Apis;

/// <summary>Publishing and reading a partnership's strategy definition.</summary>
public static class StrategyApi
{
    public static IEndpointRouteBuilder MapStrategyApi(this IEndpointRouteBuilder app)
    {
        var strategy = app.MapGroup("/api/partnerships/{partnershipId}/strategy");
        strategy.MapPut("", PublishAsync).WithName("PublishStrategy").RequireAuthorization(Policies.Admin);
        strategy.MapGet("", GetCurrentAsync).WithName("GetStrategy").RequireAuthorization(Policies.LeadOrAdmin);
        strategy.MapGet("/versions", ListVersionsAsync).WithName("ListStrategyVersions").RequireAuthorization(Policies.LeadOrAdmin);
        strategy.MapGet("/versions/{version:int}", GetVersionAsync).WithName("GetStrategyVersion").RequireAuthorization(Policies.LeadOrAdmin);
        return app;
    }

    public sealed record PublishResult(string PartnershipId, int Version, DateTimeOffset PublishedAt, string PublishedBy, string Sha256, bool Unchanged);

    /// <summary>Publishes a JSON or YAML document as a new immutable version; 422 lists every problem and stores nothing.</summary>
    public static async Task<Results<Created<PublishResult>, Ok<PublishResult>>> PublishAsync(
        string partnershipId, HttpRequest request, ClaimsPrincipal user, StrategyStore store, SurveyDirectory surveys, CancellationToken cancellationToken)
    {
        user.RequireAdminOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ProblemException.Validation("body", "The strategy document is empty.");
        }

        var parsed = StrategyDocument.Parse(text, StrategyDocument.DetectFormat(request.ContentType, text));
        var problems = parsed.Problems.ToList();
        if (parsed.Strategy is { } s && s.PartnershipId != partnershipId)
        {
            problems.Add(new StrategyProblem("partnershipId", $"'{s.PartnershipId}' does not match the partnership in the URL, '{partnershipId}'."));
        }

        if (problems.Count > 0 || parsed.Strategy is null)
        {
            throw ProblemException.Validation(
                problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                $"The strategy document has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was published");
        }

        // Checked before the survey ids are claimed, so a strategy storage can't hold leaves no claim behind.
        var publishedBy = user.Identity?.Name ?? "unknown";
        store.RequireStorable(parsed.Strategy, publishedBy);

        // Survey links carry no partnership, so a survey id may belong to one partnership only.
        await surveys.ClaimAsync(parsed.Strategy, cancellationToken);
        var (published, created) = await store.PublishAsync(parsed.Strategy, publishedBy, cancellationToken);
        var v = published.Version;
        var result = new PublishResult(v.PartnershipId, v.Version, v.PublishedAt, v.PublishedBy, v.Sha256, Unchanged: !created);
        return created
            ? TypedResults.Created($"/api/partnerships/{partnershipId}/strategy/versions/{v.Version}", result)
            : TypedResults.Ok(result);
    }

    public static async Task<IResult> GetCurrentAsync(string partnershipId, ClaimsPrincipal user, StrategyStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        var current = await store.GetCurrentAsync(partnershipId, cancellationToken) ?? throw ProblemException.NotFound("partnership", partnershipId);
        return Document(current, response);
    }

    public static async Task<Ok<IReadOnlyList<StrategyVersion>>> ListVersionsAsync(string partnershipId, ClaimsPrincipal user, StrategyStore store, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        var versions = await store.ListVersionsAsync(partnershipId, cancellationToken);
        return versions.Count == 0 ? throw ProblemException.NotFound("partnership", partnershipId) : TypedResults.Ok(versions);
    }

    public static async Task<IResult> GetVersionAsync(string partnershipId, int version, ClaimsPrincipal user, StrategyStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        user.RequireReaderOf(Identifiers.RequireKnownShape(partnershipId, "partnership"));
        var published = await store.GetVersionAsync(partnershipId, version, cancellationToken)
            ?? throw ProblemException.NotFound("strategy version", $"{partnershipId} v{version}");
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
