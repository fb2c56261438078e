using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StrategyReports.Domain;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// The return form's view models: the form's fields by programme, the answers to check, the confirmation; and the
/// two-way mapping between the form's fields and a submission's JSON body, which drafts are kept in.
/// </summary>
public static class ReturnFormView
{
    private static readonly CultureInfo Uk = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Label, string Hint)[] NarrativeFields =
    [
        ("narrative.achievements", "Achievements this quarter", "What went well: the highlight report quotes this."),
        ("narrative.nextSteps", "Next steps", "What you will do next quarter."),
        ("narrative.risks", "Risks and issues", "Anything that could stop you meeting the measures."),
    ];

    private const string SubmittedByLabel = "Your name";

    /// <summary>A field's id in the page (and the error summary's link) from its name in the form or the API: dots become dashes.</summary>
    public static string FieldId(string path) => path.Replace('.', '-');

    /// <summary>The form's fields as the PUT body: numbers that read as numbers, anything else as text the domain names as wrong.</summary>
    public static JsonObject ToBody(IReadOnlyDictionary<string, string?> form, IReadOnlyList<SuccessMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(measures);
        var values = new JsonObject();
        foreach (var measure in measures)
        {
            var name = $"values.{measure.Id}";
            switch (measure.Kind)
            {
                case MeasureKind.Ratio:
                    var ratio = new JsonObject();
                    if (Number(form.GetValueOrDefault($"{name}.numerator")) is { } numerator)
                    {
                        ratio["numerator"] = numerator;
                    }

                    if (Number(form.GetValueOrDefault($"{name}.denominator")) is { } denominator)
                    {
                        ratio["denominator"] = denominator;
                    }

                    if (ratio.Count > 0)
                    {
                        values[measure.Id] = ratio;
                    }

                    break;
                case MeasureKind.YesNo:
                    var answer = form.GetValueOrDefault(name);
                    if (answer is "yes" or "no")
                    {
                        values[measure.Id] = answer == "yes";
                    }

                    break;
                default:
                    if (Number(form.GetValueOrDefault(name)) is { } number)
                    {
                        values[measure.Id] = number;
                    }

                    break;
            }
        }

        var body = new JsonObject
        {
            ["values"] = values,
            ["narrative"] = new JsonObject
            {
                ["achievements"] = form.GetValueOrDefault("narrative.achievements") ?? "",
                ["nextSteps"] = form.GetValueOrDefault("narrative.nextSteps") ?? "",
                ["risks"] = form.GetValueOrDefault("narrative.risks") ?? "",
            },
        };
        if (!string.IsNullOrWhiteSpace(form.GetValueOrDefault("submittedBy")))
        {
            body["submittedBy"] = form["submittedBy"];
        }

        return body;
    }

    /// <summary>A stored version as a submission's body, so the form fills from it as it would from a draft.</summary>
    public static JsonObject ToBody(QuarterlyReturn stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var values = new JsonObject();
        foreach (var (id, value) in stored.Values)
        {
            values[id] = MeasureValueJson.ToNode(value);
        }

        return new JsonObject
        {
            ["values"] = values,
            ["narrative"] = new JsonObject
            {
                ["achievements"] = stored.Narrative.Achievements,
                ["nextSteps"] = stored.Narrative.NextSteps,
                ["risks"] = stored.Narrative.Risks,
            },
            ["submittedBy"] = stored.SubmittedBy,
        };
    }

    /// <summary>A submission's body (a draft or a stored version) as the form's fields, figures as they were typed.</summary>
    public static Dictionary<string, string?> FromBody(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var form = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (body["values"] is JsonObject values)
        {
            foreach (var (id, value) in values)
            {
                if (value is JsonObject ratio)
                {
                    form[$"values.{id}.numerator"] = Text(ratio["numerator"]);
                    form[$"values.{id}.denominator"] = Text(ratio["denominator"]);
                }
                else
                {
                    form[$"values.{id}"] = Text(value);
                }
            }
        }

        if (body["narrative"] is JsonObject narrative)
        {
            foreach (var (name, _, _) in NarrativeFields)
            {
                form[name] = Text(narrative[name["narrative.".Length..]]);
            }
        }

        form["submittedBy"] = Text(body["submittedBy"]);
        return form;
    }

    private static string? Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => null,
    };

    // People type "1,250" or "£1,250.50": those are numbers. Anything else goes on as text, so the error names it.
    private static JsonNode? Number(string? text)
    {
        var trimmed = text?.Trim().Replace(",", "", StringComparison.Ordinal).TrimStart('£');
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Uk, out var number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text!.Trim());
    }

    /// <summary>The period as the pages name it: in words, with its id beside it.</summary>

    public static async Task<IResult> FormAsync(
        ReturnFormServices services,
        PersonalLink link,
        ReturnContext context,
        IReadOnlyDictionary<string, string?> form,
        string? etag,
        int? version,
        IReadOnlyList<FieldError> errors,
        DateTimeOffset? draftSavedAt,
        bool draftJustSaved,
        CancellationToken cancellationToken,
        int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(context);
        var strategy = context.Strategy.Strategy;
        var period = context.Window.Period;
        var previous = period > strategy.FirstPeriod
            ? (await services.Store.GetLatestAsync(link.PartnershipId, period.Previous(), link.PartnerId, cancellationToken))?.Return
            : null;
        var openQuery = await services.Reviews.GetOpenQueryAsync(link.PartnershipId, period, link.PartnerId, cancellationToken);
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        var sections = Sections(strategy, context.Partner)
            .Select(s => new ReturnSection($"programme-{s.Programme.Id}", s.Programme.Name, [.. s.Measures.Select(m => Field(m, form, errorOf, previous))]))
            .ToList();
        return services.Pages.Render(
            $"Quarterly return for {Formatting.PeriodWithId(period)}",
            new ReturnFormPage(
                Errors: errors,
                Action: ReturnForm.PathFor(period),
                CheckAction: ReturnForm.CheckPathFor(period),
                Proof: services.Links.FormProof(link),
                Submission: Guid.NewGuid().ToString("N"),
                Period: period.Id,
                PeriodLabel: period.Label,
                ETag: etag,
                Version: version,
                PartnerName: context.Partner.Name,
                PartnershipName: strategy.Name,
                DueOn: Formatting.Date(context.Window.DueOn),
                IsLate: context.State != ReturnsWindowState.Open,
                PreviousPeriod: previous is null ? null : Formatting.PeriodWithId(period.Previous()),
                DraftSavedAt: draftSavedAt is { } saved ? Formatting.Moment(saved) : null,
                DraftJustSaved: draftJustSaved,
                Sections: sections,
                Narrative: [.. NarrativeFields.Select(n => TextField(n.Name, n.Label, n.Hint, form, errorOf))],
                MaxLength: ReturnValidator.NarrativeMaxLength,
                SubmittedBy: TextField("submittedBy", SubmittedByLabel, "So the partnership knows who to contact about this return.", form, errorOf),
                Upload: ReturnUploadPages.Form(services.Links, link, period),
                HomeHref: Security.LinkSession.FormPath,
                OpenQuery: openQuery is null ? null : ReturnQueryView.Of(openQuery, strategy)),
            status,
            hasErrors: errors.Count > 0);
    }

    /// <summary>The answers as the officer gave them, by programme, each with a link back to its field, and the form's fields carried on to "Submit".</summary>
    public static IResult Check(ReturnFormServices services, PersonalLink link, ReturnContext context, IReadOnlyDictionary<string, string?> form, string? etag)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(form);
        var strategy = context.Strategy.Strategy;
        var period = context.Window.Period;
        var formHref = ReturnForm.PathFor(period);
        string Change(string name) => $"{formHref}#{FieldId(name)}";

        var sections = Sections(strategy, context.Partner)
            .Select(s => new CheckAnswerSection(s.Programme.Name, [.. s.Measures.Select(m => new CheckAnswerRow(m.AskedAs, Answer(m, form), Change(m.Kind == MeasureKind.Ratio ? $"values.{m.Id}.numerator" : $"values.{m.Id}")))]))
            .ToList();
        sections.Add(new CheckAnswerSection(
            "About this quarter",
            [
                .. NarrativeFields.Select(n => new CheckAnswerRow(n.Label, Given(form.GetValueOrDefault(n.Name)), Change(n.Name))),
                new CheckAnswerRow(SubmittedByLabel, Given(form.GetValueOrDefault("submittedBy")), Change("submittedBy")),
            ]));

        var carried = strategy.MeasuresFor(context.Partner)
            .SelectMany(m => m.Kind == MeasureKind.Ratio ? new[] { $"values.{m.Id}.numerator", $"values.{m.Id}.denominator" } : [$"values.{m.Id}"])
            .Concat(NarrativeFields.Select(n => n.Name))
            .Append("submittedBy")
            .Where(name => !string.IsNullOrEmpty(form.GetValueOrDefault(name)))
            .Select(name => new HiddenValue(name, form[name]!))
            .ToList();
        return services.Pages.Render(
            $"Check your answers for {Formatting.PeriodWithId(period)}",
            new ReturnCheckPage(
                formHref,
                services.Links.FormProof(link),
                form.GetValueOrDefault("submission") is { Length: > 0 } key ? key : Guid.NewGuid().ToString("N"),
                period.Id,
                period.Label,
                etag,
                context.Partner.Name,
                strategy.Name,
                context.State != ReturnsWindowState.Open,
                sections,
                carried,
                formHref));
    }

    public static IResult Confirmation(PageRenderer pages, Strategy strategy, Partner partner, ReturnReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(receipt);
        return pages.Render("Return submitted", new ReturnConfirmationPage(
            $"{receipt.PartnershipId}/{receipt.Period.Id}/{receipt.Partner}/v{receipt.Version}".ToUpperInvariant(),
            partner.Name,
            strategy.Name,
            receipt.Period.Id,
            receipt.Period.Label,
            receipt.Version,
            Formatting.Moment(receipt.SubmittedAt),
            receipt.SubmittedBy,
            receipt.IsLate,
            [.. receipt.Warnings.Select(w => w.Message)],
            ReturnForm.PathFor(receipt.Period),
            Security.LinkSession.FormPath));
    }

    /// <summary>The partner's measures by programme, in the strategy's order; programmes with none for this partner are left out.</summary>
    public static IReadOnlyList<(Programme Programme, IReadOnlyList<SuccessMeasure> Measures)> Sections(Strategy strategy, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var reported = strategy.MeasuresFor(partner).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        return [.. strategy.Programmes
            .Select(p => (p, (IReadOnlyList<SuccessMeasure>)[.. p.Measures.Where(m => reported.Contains(m.Id))]))
            .Where(s => s.Item2.Count > 0)];
    }

    private static string Answer(SuccessMeasure measure, IReadOnlyDictionary<string, string?> form)
    {
        var name = $"values.{measure.Id}";
        return measure.Kind switch
        {
            MeasureKind.Ratio when Blank(form.GetValueOrDefault($"{name}.numerator")) && Blank(form.GetValueOrDefault($"{name}.denominator")) => NotGiven,
            MeasureKind.Ratio => $"{measure.NumeratorLabel ?? "Numerator"}: {Given(form.GetValueOrDefault($"{name}.numerator"))}; {measure.DenominatorLabel ?? "Denominator"}: {Given(form.GetValueOrDefault($"{name}.denominator"))}",
            MeasureKind.YesNo => form.GetValueOrDefault(name) switch { "yes" => "Yes", "no" => "No", _ => NotGiven },
            MeasureKind.Amount when !Blank(form.GetValueOrDefault(name)) => "£" + form[name]!.Trim().TrimStart('£'),
            _ => Given(form.GetValueOrDefault(name)),
        };
    }

    private const string NotGiven = "Not answered";

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static string Given(string? text) => Blank(text) ? NotGiven : text!.Trim();

    // What to give (the unit), then what the measure means; last quarter's figure follows in the hint.
    private static string? Hint(SuccessMeasure measure)
    {
        var unit = measure.Kind switch
        {
            MeasureKind.Count => $"Give a number of {measure.Unit}.",
            MeasureKind.Amount => "Give an amount in pounds (£).",
            MeasureKind.Ratio when measure.Unit == SuccessMeasure.PercentUnit => "Give both figures: the partnership works out the percentage from them.",
            MeasureKind.Ratio => $"Give both figures: the partnership works out the {measure.Unit} from them.",
            _ => null,
        };
        var parts = new[] { unit, measure.Description }.Where(part => !string.IsNullOrWhiteSpace(part));
        var hint = string.Join(" ", parts);
        return hint.Length == 0 ? null : hint;
    }

    private static ReturnField Field(SuccessMeasure measure, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf, QuarterlyReturn? previous)
    {
        var name = $"values.{measure.Id}";
        var id = FieldId(name);
        var last = previous?.Values.GetValueOrDefault(measure.Id) is { } value ? Formatting.Entered(value) : null;
        var error = errorOf.GetValueOrDefault(id);
        var hint = Hint(measure);
        return measure.Kind switch
        {
            MeasureKind.Ratio => new ReturnField(
                id, name, measure.AskedAs, hint, false, true, false, null, error, last,
                Numerator: Part(measure.NumeratorLabel ?? "Numerator", $"{name}.numerator", form, errorOf),
                Denominator: Part(measure.DenominatorLabel ?? "Denominator", $"{name}.denominator", form, errorOf)),
            MeasureKind.YesNo => new ReturnField(
                id, name, measure.AskedAs, hint, false, false, true, null, error, last,
                Yes: form.GetValueOrDefault(name) == "yes", No: form.GetValueOrDefault(name) == "no"),
            _ => new ReturnField(id, name, measure.AskedAs, hint, true, false, false, form.GetValueOrDefault(name), error, last),
        };
    }

    private static ReturnField Part(string label, string name, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf) =>
        new(FieldId(name), name, label, null, true, false, false, form.GetValueOrDefault(name), errorOf.GetValueOrDefault(FieldId(name)), null);

    private static ReturnTextField TextField(string name, string label, string hint, IReadOnlyDictionary<string, string?> form, Dictionary<string, string> errorOf) =>
        new(FieldId(name), name, label, hint, form.GetValueOrDefault(name), errorOf.GetValueOrDefault(FieldId(name)));
}
