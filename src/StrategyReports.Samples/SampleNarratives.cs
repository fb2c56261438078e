using StrategyReports.Domain;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples;

/// <summary>
/// Narratives for generated returns, composed from phrase banks written in the language of the
/// strategies the product was built from (recruitment through the local academy, agency spend
/// above trajectory, wellbeing conversations, the Good Employment Charter).
/// </summary>
internal static class SampleNarratives
{
    // {n} is the partner's value for the measure named, when it reports it; otherwise a number sized
    // by its headcount at the given rate per member of staff.
    private static readonly (string Text, double PerStaff, string? MeasureId)[] Achievements =
    [
        ("Recruited {n} health and care support workers through the {place} Health and Care Academy.", 0.012, null),
        ("{n} apprentices started on nursing associate, care and business administration pathways.", 0.006, "apprenticeships-started"),
        ("{n} leaders completed wellbeing conversation training this quarter.", 0.008, "leaders-wellbeing-conversation-trained"),
        ("Welcomed {n} new volunteers, with a refreshed volunteer induction.", 0.01, null),
        ("{n} staff completed the Oliver McGowan Mandatory Training on learning disability and autism.", 0.04, "oliver-mcgowan-trained"),
        ("Supported {n} people through work-ready, rotation and work experience placements with local schools and colleges.", 0.006, "people-supported-work-ready"),
        ("{n} new starters attended the One Workforce locality induction.", 0.015, null),
        ("Mapped our practice against the Good Employment Charter and shared {n} examples at the provider forum.", 0.003, null),
        ("Shared workforce data through VWIS on time, covering {n} staff.", 1.0, null),
        ("{n} frontline staff trained in strength-based practice, moving from \"what's wrong with you\" to \"what matters to you\".", 0.01, "strength-based-practice-trained"),
        ("Agreed a joint rotation with {other} so {n} staff can work across organisational boundaries.", 0.004, null),
        ("Filled {n} more shifts through the collaborative bank instead of agency.", 0.05, null),
        ("{n} leaders and managers completed EDI training, and our staff network fed into the EDI plan.", 0.003, "leaders-edi-trained"),
        ("Rolled out the Flourish wellbeing approach to {n} more teams.", 0.004, null),
        ("{n} frontline staff had their flu and COVID vaccinations at work.", 0.3, null),
        ("{n} leaders are on leadership development, including the system leadership programme.", 0.003, "leaders-in-development"),
    ];

    private static readonly string[] NextSteps =
    [
        "Complete the {season} recruitment campaign with the {place} Health and Care Academy.",
        "Align our induction with the One Workforce locality toolkit by the end of {next}.",
        "Agree retention plans with {service}, where turnover is highest.",
        "Put forward {n} more leaders for the system leadership programme.",
        "Bring our EDI plan to the board for sign-off in {next}.",
        "Extend wellbeing conversations to night and weekend staff in {service}.",
        "Work with {other} on a shared bank for hard-to-fill shifts.",
        "Review the funded establishment for {service} with finance before {next}.",
        "Promote the new-starter survey so more of our {n} new starters take part.",
        "Offer {n} more work experience placements through the schools and colleges network.",
        "Apply for Good Employment Charter member status in {next}.",
    ];

    private static readonly string[] Risks =
    [
        "Agency spend remains above trajectory in {service} while vacancies stay high.",
        "Sickness absence rose in {service}, mostly stress and anxiety; the wellbeing offer is being promoted.",
        "Recruitment to registered posts in {service} is slower than planned.",
        "Releasing staff for training is hard while rotas in {service} are stretched.",
        "Cost-of-living pressures are pushing care and support staff to leave for retail and hospitality.",
        "Workforce data for {service} is incomplete, so these figures may be revised.",
        "Funding for apprenticeship backfill ends in {next}.",
        "Fee levels limit what we can offer on pay, which affects retention in {service}.",
        "Fewer volunteers are available during the day, so some roles in {service} are unfilled.",
        "Winter pressures in {service} may delay the planned training.",
    ];

    private static readonly Dictionary<Sector, string[]> Services = new()
    {
        [Sector.Acute] = ["urgent and emergency care", "theatres", "medical wards", "maternity"],
        [Sector.Community] = ["community nursing", "intermediate care", "therapies"],
        [Sector.MentalHealth] = ["inpatient wards", "community mental health teams", "crisis services"],
        [Sector.PrimaryCare] = ["practice nursing", "reception and care navigation", "ARRS roles"],
        [Sector.AdultSocialCare] = ["reablement", "social work teams", "day services"],
        [Sector.CareProvider] = ["home care", "night shifts", "nursing homes", "supported living"],
        [Sector.Hospice] = ["inpatient beds", "hospice at home"],
        [Sector.Vcfse] = ["volunteer coordination", "community support"],
        [Sector.Ambulance] = ["emergency operations", "patient transport"],
    };

    private static readonly string[] OtherServices = ["frontline teams", "corporate services", "clinical support"];

    /// <summary>A narrative for one partner's return, differing from every one already in <paramref name="used"/>.</summary>
    public static ReturnNarrative Compose(
        Strategy strategy, Partner partner, Period period, IReadOnlyDictionary<string, MeasureValue> values, Random random, HashSet<string> used)
    {
        // A figure the return itself contradicts ("2 leaders trained" beside a 0) would undermine the sample, so those are left out.
        var achievements = Achievements
            .Where(item => item.MeasureId is null || !values.TryGetValue(item.MeasureId, out var value) || value is CountValue { Value: >= 2 })
            .ToList();
        var place = PlaceOf(strategy.Name);
        var services = Services.GetValueOrDefault(partner.Sector, OtherServices);
        var others = strategy.Partners.Where(other => other.Id != partner.Id).ToList();
        for (var attempt = 0; ; attempt++)
        {
            string Fill(string text, double perStaff, string? measureId = null) => text
                .Replace("{n}", Number(partner, perStaff, measureId is null ? null : values.GetValueOrDefault(measureId), random), StringComparison.Ordinal)
                .Replace("{place}", place, StringComparison.Ordinal)
                .Replace("{service}", random.Pick(services), StringComparison.Ordinal)
                .Replace("{other}", others.Count > 0 ? random.Pick(others).Name : "neighbouring partners", StringComparison.Ordinal)
                .Replace("{next}", period.Next().Id, StringComparison.Ordinal)
                .Replace("{season}", period.Quarter is 2 or 3 ? "autumn" : "spring", StringComparison.Ordinal);

            var first = random.Next(achievements.Count);
            var second = (first + 1 + random.Next(achievements.Count - 1)) % achievements.Count;
            var text = Fill(achievements[first].Text, achievements[first].PerStaff, achievements[first].MeasureId)
                + " " + Fill(achievements[second].Text, achievements[second].PerStaff, achievements[second].MeasureId);

            // Different numbers almost always part two partners; past a few tries the partner's own name does.
            if (attempt > 5)
            {
                text = $"{partner.Name}: {text}";
            }

            if (used.Add(text))
            {
                return new ReturnNarrative(
                    text,
                    Fill(random.Pick(NextSteps), 0.01),
                    Fill(random.Pick(Risks), 0));
            }
        }
    }

    /// <summary>The place a strategy is for, from its name: "Bury" from "Bury Locality One Workforce Strategy".</summary>
    public static string PlaceOf(string strategyName)
    {
        string[] ends = [" Locality", " District", " One Workforce", " Workforce", " Health", " Integrated", " Partnership"];
        var cut = ends
            .Select(end => strategyName.IndexOf(end, StringComparison.Ordinal))
            .Where(index => index > 0)
            .DefaultIfEmpty(-1)
            .Min();
        return cut > 0 ? strategyName[..cut] : strategyName.Split(' ')[0];
    }

    private static string Number(Partner partner, double perStaff, MeasureValue? reported, Random random)
    {
        var number = reported is CountValue count
            ? count.Value
            : Math.Max(2, (long)Math.Round(partner.Headcount * perStaff * (0.6 + (random.NextDouble() * 0.8))));
        return Formatting.Count(number);
    }
}
