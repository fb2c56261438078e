using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>Quarterly returns: submitting a version, reading it with its history, completeness (<see cref="ReturnsCompleteness"/>), and reopening a closed period.</summary>
public static class ReturnsApi
{
    public static IEndpointRouteBuilder MapReturnsApi(this IEndpointRouteBuilder app)
    {
        var returns = app.MapGroup("/api/partnerships/{partnershipId}/returns/{period}");
        returns.MapPut("/{partnerId}", SubmitAsync).WithName("SubmitReturn").RequireAuthorization(Policies.AnyRole);
        returns.MapGet("/{partnerId}", GetAsync).WithName("GetReturn").RequireAuthorization(Policies.AnyRole);
        returns.MapGet("", GetCompletenessAsync).WithName("GetReturnsCompleteness").RequireAuthorization(Policies.LeadOrAdmin);

        var reopening = app.MapGroup("/api/partnerships/{partnershipId}/periods/{period}/reopening").RequireAuthorization(Policies.Admin);
        reopening.MapPost("", ReopenAsync).WithName("ReopenPeriod");
        reopening.MapDelete("", CloseAgainAsync).WithName("CloseReopenedPeriod");

        return app;
    }

    public sealed record ReturnVersion(
        int Version,
        int StrategyVersion,
        IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode> Values,
        ReturnNarrative Narrative,
        string SubmittedBy,
        DateTimeOffset SubmittedAt,
        bool IsLate,
        System.Text.Json.Nodes.JsonNode? Changes);

    /// <param name="ReviewState">Where the latest version stands with its reviewers (<see cref="ReturnReviews.StateName"/>).</param>
    /// <param name="Reviews">Every decision on the return (who, when, on which version, what), oldest first.</param>
    public sealed record ReturnWithHistory(
        string PartnershipId, Period Period, string Partner, ReturnVersion Latest, IReadOnlyList<ReturnVersion> History, string ReviewState, IReadOnlyList<ReviewView> Reviews);

    public sealed record ReopeningView(string PartnershipId, Period Period, bool Reopened, string? ReopenedBy, DateTimeOffset? ReopenedAt);

    /// <summary>Stores a new version: 201 with the receipt and warnings; 422 names each bad field and stores nothing.</summary>
    public static async Task<IResult> SubmitAsync(string partnershipId, string period, string partnerId, HttpContext http, ReturnSubmissions submissions, CancellationToken cancellationToken)
    {
        var (request, response, user) = (http.Request, http.Response, http.User);
        var at = RouteValues.RequirePeriod(period);
        RequireWriter(user, RouteValues.RequireId(partnershipId, "partnership"), RouteValues.RequireId(partnerId, "partner"));
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var name = user.Identity?.Name ?? "unknown";
        var result = await submissions.SubmitAsync(
            partnershipId,
            at,
            partnerId,
            body,
            request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null,
            request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null,
            name,
            $"api-key:{name}",
            cancellationToken);
        if (result.ETag is { } etag)
        {
            response.Headers.ETag = etag;
        }

        if (result.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Created($"/api/partnerships/{partnershipId}/returns/{at.Id}/{partnerId}", result.Receipt);
    }

    /// <summary>The latest version (its ETag in the header, for If-Match) and every version before it.</summary>
    /// <remarks>A lead of only some programmes sees only the values (and changes) of those programmes' measures.</remarks>
    public static async Task<Ok<ReturnWithHistory>> GetAsync(
        string partnershipId, string period, string partnerId, HttpResponse response, [AsParameters] ReturnsApiServices services, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(period);
        RouteValues.RequireId(partnershipId, "partnership");
        RouteValues.RequireId(partnerId, "partner");
        if (!services.User.CanActForPartner(partnershipId, partnerId, write: false))
        {
            throw new AccessDeniedException($"You cannot read the returns of '{partnerId}'.");
        }

        var latest = await services.Store.GetLatestAsync(partnershipId, at, partnerId, cancellationToken)
            ?? throw new NotFoundException("return", $"{partnershipId}/{at.Id}/{partnerId}");
        var history = await services.Store.ListVersionsAsync(partnershipId, at, partnerId, cancellationToken);
        var visible = await VisibleMeasuresAsync(services.User, partnershipId, partnerId, [latest, .. history], services.Strategies, cancellationToken);
        response.Headers.ETag = latest.ETag.ToString();
        var review = await services.Reviews.HistoryAsync(services.User, partnershipId, at, partnerId, cancellationToken);
        return TypedResults.Ok(new ReturnWithHistory(
            partnershipId, at, partnerId, View(latest, visible), [.. history.Select(v => View(v, visible))], review.State, review.Reviews));
    }

    // Null: every measure. Otherwise the measures of the programmes the caller leads, in each strategy version the returns were made under.
    private static async Task<Func<int, string, bool>?> VisibleMeasuresAsync(
        ClaimsPrincipal user, string partnershipId, string partnerId, IReadOnlyList<StoredReturn> versions, StrategyStore strategies, CancellationToken cancellationToken)
    {
        if (user.ProgrammesReadableInReturn(partnershipId, partnerId) is not { } programmes)
        {
            return null;
        }

        var measures = new Dictionary<int, HashSet<string>>();
        foreach (var version in versions.Select(v => v.Return.StrategyVersion).Distinct())
        {
            var strategy = (await strategies.GetVersionAsync(partnershipId, version, cancellationToken))?.Strategy;
            measures[version] = strategy is null
                ? []
                : [.. strategy.Programmes.Where(p => programmes.Contains(p.Id)).SelectMany(p => p.Measures).Select(m => m.Id)];
        }

        return (strategyVersion, measureId) => measures.TryGetValue(strategyVersion, out var ids) && ids.Contains(measureId);
    }

    /// <summary>Who was expected to return for the period, who did (on time or late) and who is missing, by name.</summary>
    public static async Task<Ok<Completeness>> GetCompletenessAsync(
        string partnershipId, string period, ClaimsPrincipal user, StrategyStore strategies, ReturnsCompleteness completeness, CancellationToken cancellationToken)
    {
        var at = RouteValues.RequirePeriod(period);
        user.RequireReaderOf(RouteValues.RequireId(partnershipId, "partnership"));
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        return TypedResults.Ok(await completeness.OfAsync(published.Strategy, at, cancellationToken));
    }

    public static async Task<Ok<ReopeningView>> ReopenAsync(string partnershipId, string period, ClaimsPrincipal user, PeriodReopening reopenings, CancellationToken cancellationToken)
    {
        var (at, reopening) = await reopenings.ReopenAsync(user, partnershipId, period, cancellationToken);
        return TypedResults.Ok(new ReopeningView(partnershipId, at, true, reopening.ReopenedBy, reopening.ReopenedAt));
    }

    public static async Task<Ok<ReopeningView>> CloseAgainAsync(string partnershipId, string period, ClaimsPrincipal user, PeriodReopening reopenings, CancellationToken cancellationToken)
    {
        var at = await reopenings.CloseAgainAsync(user, partnershipId, period, cancellationToken);
        return TypedResults.Ok(new ReopeningView(partnershipId, at, false, null, null));
    }

    private static ReturnVersion View(StoredReturn stored, Func<int, string, bool>? visible)
    {
        var strategyVersion = stored.Return.StrategyVersion;
        var changes = System.Text.Json.Nodes.JsonNode.Parse(stored.ChangesJson);
        if (visible is not null && changes is System.Text.Json.Nodes.JsonArray list)
        {
            // A change to a hidden measure would show its figures: drop it; narrative changes stay.
            changes = new System.Text.Json.Nodes.JsonArray([.. list
                .Where(change => change?["field"]?.GetValue<string>() is not { } field
                    || !field.StartsWith("values.", StringComparison.Ordinal)
                    || visible(strategyVersion, field["values.".Length..]))
                .Select(change => change?.DeepClone())]);
        }

        return new(
            stored.Return.Version,
            strategyVersion,
            stored.Return.Values
                .Where(p => visible is null || visible(strategyVersion, p.Key))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => MeasureValueJson.ToNode(p.Value)),
            stored.Return.Narrative,
            stored.Return.SubmittedBy,
            stored.Return.SubmittedAt,
            stored.Return.IsLate,
            changes);
    }

    private static void RequireWriter(ClaimsPrincipal user, string partnershipId, string partnerId)
    {
        if (!user.CanActForPartner(partnershipId, partnerId, write: true))
        {
            throw new AccessDeniedException($"You cannot submit returns for '{partnerId}' in '{partnershipId}'.");
        }
    }
}
