using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Surveys;

namespace StrategyReports.Functions.Strategies;

/// <summary>What publishing a document would do: its problems (each on its line), or what it changes against the current version.</summary>
/// <param name="CurrentVersion">The version the preview was made against (0 before the first): publish with it as <c>basedOnVersion</c>.</param>
/// <param name="Diff">What the document changes; null when it has problems.</param>
public sealed record StrategyPreview(int CurrentVersion, Strategy? Strategy, IReadOnlyList<StrategyProblem> Problems, StrategyDiff? Diff)
{
    public bool IsValid => Strategy is not null && Problems.Count == 0;
}

/// <summary>
/// Checking and publishing a strategy document: the one use case behind <c>PUT …/strategy</c>,
/// <c>POST …/strategy/preview</c> and the admin's publish pages, so each applies the same checks.
/// </summary>
public sealed class StrategyPublishing(StrategyStore store, SurveyDirectory surveys)
{
    /// <summary>Reads and checks the document and compares it with the current version; writes nothing.</summary>
    public async Task<StrategyPreview> PreviewAsync(ClaimsPrincipal user, string partnershipId, string text, string? contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(text);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        var current = await store.GetCurrentAsync(partnershipId, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new StrategyPreview(current?.Version.Version ?? 0, null, [new StrategyProblem(StrategyProblem.DocumentPath, "The strategy document is empty.")], null);
        }

        var parsed = StrategyDocument.Parse(text, StrategyDocument.DetectFormat(contentType, text));
        var problems = parsed.Problems.ToList();
        if (parsed.Strategy is { } s && s.PartnershipId != partnershipId)
        {
            problems.Add(new StrategyProblem("partnershipId", $"'{s.PartnershipId}' does not match the partnership in the URL, '{partnershipId}'.") { Line = parsed.LineOf("partnershipId") });
        }

        return problems.Count > 0 || parsed.Strategy is null
            ? new StrategyPreview(current?.Version.Version ?? 0, null, problems, null)
            : new StrategyPreview(current?.Version.Version ?? 0, parsed.Strategy, [], StrategyDiff.Compare(current?.Strategy, parsed.Strategy));
    }

    /// <summary>
    /// Publishes the document as a new immutable version; 422 lists every problem and stores nothing. With
    /// <paramref name="basedOnVersion"/>, 409 when another version was published since.
    /// </summary>
    public async Task<(PublishedStrategy Published, bool Created)> PublishAsync(
        ClaimsPrincipal user, string partnershipId, string text, string? contentType, int? basedOnVersion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
            throw new ValidationFailedException("body", "The strategy document is empty.");
        }

        var preview = await PreviewAsync(user, partnershipId, text, contentType, cancellationToken);
        if (!preview.IsValid)
        {
            var problems = preview.Problems;
            throw new ValidationFailedException(
                problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Line is { } line ? $"{p.Message} (line {line})" : p.Message).ToArray()),
                $"The strategy document has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was published");
        }

        // Checked before anything is claimed, so a publish refused for a stale version leaves no trace.
        if (basedOnVersion is not null && StrategyDocument.ToCanonicalJson(preview.Strategy!) is var json
            && (await store.GetCurrentAsync(partnershipId, cancellationToken)) is var current
            && current?.CanonicalJson != json)
        {
            StrategyStore.RequireBasedOn(partnershipId, current?.Version.Version ?? 0, basedOnVersion);
        }

        // Checked before the survey ids are claimed, so a strategy storage can't hold leaves no claim behind.
        var publishedBy = user.Identity?.Name ?? "unknown";
        store.RequireStorable(preview.Strategy!, publishedBy);

        // Survey links carry no partnership, so a survey id may belong to one partnership only.
        await surveys.ClaimAsync(preview.Strategy!, cancellationToken);
        return await store.PublishAsync(preview.Strategy!, publishedBy, basedOnVersion, cancellationToken);
    }
}
