using System.Text.Json;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// Saving a return to finish later, the one path the return form's "Save as draft" and the drafts API share.
/// A draft may hold figures that would not pass (that is why it is a draft), but only in the shape of a return
/// for measures the partner reports, so restoring it can never put anything else on the form. The caller has
/// already decided who may act for the partner (a personal link is bound to one; the API asks <c>CanActForPartner</c>).
/// </summary>
public sealed class ReturnDrafts(ReturnDraftStore store, ReturnSubmissions submissions, TimeProvider time)
{
    /// <summary>The longest figure a draft keeps, as typed: longer is not a figure anyone meant.</summary>
    public const int FigureMaxLength = 100;

    private static readonly string[] NarrativeFields = ["achievements", "nextSteps", "risks"];

    /// <summary>The draft, or null when there is none; 404 for an unknown partnership, partner or period.</summary>
    public async Task<ReturnDraft?> GetAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken)
    {
        await submissions.GetContextAsync(partnershipId, period, partnerId, cancellationToken);
        return await store.GetAsync(partnershipId, period, partnerId, cancellationToken);
    }

    /// <summary>The draft for a partner and period already looked up (the return form's own).</summary>
    public Task<ReturnDraft?> GetAsync(ReturnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return store.GetAsync(context.Strategy.Strategy.PartnershipId, context.Window.Period, context.Partner.Id, cancellationToken);
    }

    /// <summary>Keeps <paramref name="body"/> as the partner's draft while the period takes returns; 422 names each field out of shape.</summary>
    public async Task<ReturnDraft> SaveAsync(string partnershipId, Period period, string partnerId, JsonNode? body, string savedBy, CancellationToken cancellationToken)
    {
        var context = await submissions.GetContextAsync(partnershipId, period, partnerId, cancellationToken);
        ReturnSubmissions.RequireOpen(context);
        var shaped = Shape(body, context.Strategy.Strategy.MeasuresFor(context.Partner));
        var draft = new ReturnDraft(partnershipId, period, partnerId, shaped, savedBy, time.GetUtcNow());
        await store.SaveAsync(draft, cancellationToken);
        return draft;
    }

    /// <summary>Drops the draft once its return is stored.</summary>
    public Task DiscardAsync(string partnershipId, Period period, string partnerId, CancellationToken cancellationToken) =>
        store.DeleteAsync(partnershipId, period, partnerId, cancellationToken);

    private static JsonObject Shape(JsonNode? body, IReadOnlyList<SuccessMeasure> measures)
    {
        if (body is not JsonObject root)
        {
            throw new ValidationFailedException("body", "A draft is a JSON object shaped like a return: values, narrative and submittedBy.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Problem(string field, string message) => errors[field] = [message];

        var known = measures.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var (name, _) in root.Where(p => p.Key is not ("values" or "narrative" or "submittedBy")))
        {
            Problem(name, "unknown property: a draft has values, narrative and submittedBy");
        }

        if (root["values"] is { } values)
        {
            if (values is not JsonObject figures)
            {
                Problem("values", "expected an object of figures by measure id");
            }
            else
            {
                foreach (var (id, value) in figures)
                {
                    var field = $"values.{id}";
                    if (!known.TryGetValue(id, out var measure))
                    {
                        Problem(field, $"'{id}' is not a measure your organisation reports");
                    }
                    else if (measure.Kind == MeasureKind.Ratio && value is JsonObject parts)
                    {
                        foreach (var (part, partValue) in parts)
                        {
                            if (part is not ("numerator" or "denominator") || !IsFigure(partValue))
                            {
                                Problem($"{field}.{part}", "a ratio's draft holds a numerator and a denominator, each a number or short text");
                            }
                        }
                    }
                    else if (!IsFigure(value))
                    {
                        Problem(field, $"expected a number, true or false, or short text (up to {FigureMaxLength} characters)");
                    }
                }
            }
        }

        if (root["narrative"] is { } narrative)
        {
            if (narrative is not JsonObject texts)
            {
                Problem("narrative", "expected an object with achievements, nextSteps and risks");
            }
            else
            {
                foreach (var (name, text) in texts)
                {
                    if (!NarrativeFields.Contains(name, StringComparer.Ordinal))
                    {
                        Problem($"narrative.{name}", "unknown property: the narrative has achievements, nextSteps and risks");
                    }
                    else if (!IsText(text, ReturnValidator.NarrativeMaxLength))
                    {
                        Problem($"narrative.{name}", $"expected text of up to {ReturnValidator.NarrativeMaxLength} characters");
                    }
                }
            }
        }

        if (root["submittedBy"] is { } submittedBy && !IsText(submittedBy, ReturnValidator.SubmittedByMaxLength))
        {
            Problem("submittedBy", $"expected text of up to {ReturnValidator.SubmittedByMaxLength} characters");
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors, $"The draft has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}; nothing was saved");
        }

        return root.DeepClone().AsObject();
    }

    private static bool IsFigure(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.String => value.GetValue<string>().Length <= FigureMaxLength,
        _ => false,
    };

    private static bool IsText(JsonNode? value, int maxLength) =>
        value?.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length <= maxLength;
}
