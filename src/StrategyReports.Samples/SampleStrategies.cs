using System.Globalization;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples;

/// <summary>
/// Generated strategies for benchmarks and tests: written as strategy documents and parsed with
/// <see cref="StrategyDocument.Parse"/>, so they pass exactly the validation a published document does.
/// </summary>
public static class SampleStrategies
{
    /// <summary>The partnership id of <see cref="Large"/>.</summary>
    public const string LargePartnershipId = "large-sample";

    /// <summary>The first quarter of <see cref="Large"/> when none is given.</summary>
    public static Period DefaultFirstPeriod { get; } = Period.Of(2025, 1);

    private static readonly string[] Places =
    [
        "Bury", "Bolton", "Rochdale", "Oldham", "Wigan", "Salford", "Stockport", "Tameside", "Trafford", "Heywood",
        "Radcliffe", "Ramsbottom", "Prestwich", "Whitefield", "Tottington", "Middleton", "Leigh", "Hyde", "Ashton", "Denton",
        "Sale", "Altrincham", "Eccles", "Swinton", "Farnworth", "Horwich", "Westhoughton", "Littleborough", "Chadderton", "Royton",
        "Shaw", "Failsworth", "Stalybridge", "Dukinfield", "Marple", "Bramhall", "Cheadle", "Hindley", "Atherton", "Tyldesley",
    ];

    // The mix of a typical place-based partnership: many small care, primary care and voluntary
    // organisations around a few large NHS trusts and councils.
    private static readonly (Sector Sector, string Name, int Smallest, int Largest)[] SectorMix =
    [
        (Sector.Acute, "{0} Teaching Hospitals NHS Foundation Trust", 3000, 8000),
        (Sector.CareProvider, "{0} Home Care and Support", 15, 60),
        (Sector.PrimaryCare, "{0} Primary Care Network", 40, 250),
        (Sector.MentalHealth, "{0} Mental Health Services", 900, 3000),
        (Sector.CareProvider, "{0} Residential and Nursing Homes", 40, 400),
        (Sector.Vcfse, "{0} Carers' Centre", 5, 80),
        (Sector.AdultSocialCare, "{0} Council Adult Social Care", 300, 900),
        (Sector.PrimaryCare, "{0} GP Federation", 60, 200),
        (Sector.Community, "{0} Community Health Services", 800, 2000),
        (Sector.CareProvider, "{0} Supported Living", 25, 300),
        (Sector.Hospice, "{0} Hospice", 80, 250),
        (Sector.Vcfse, "{0} Community and Faith Alliance", 10, 60),
        (Sector.LocalAuthority, "{0} Council", 500, 1500),
        (Sector.CareProvider, "{0} Care Home", 15, 40),
        (Sector.Ambulance, "North West Ambulance Service ({0} sector)", 1500, 4000),
        (Sector.PrimaryCare, "{0} Dental and Optometry Network", 30, 120),
        (Sector.Education, "{0} College", 200, 800),
        (Sector.Vcfse, "{0} Mind", 8, 70),
        (Sector.IntegratedCareBoard, "NHS Greater Manchester ({0} locality)", 200, 500),
        (Sector.CareProvider, "{0} Extra Care Housing", 20, 120),
    ];

    private static readonly (string Id, string Name, string Lead)[] ProgrammeNames =
    [
        ("workforce-integration", "Workforce Integration", "Locality Workforce Transformation Lead"),
        ("good-employment", "Good Employment Charter", "Chair, Good Employment programme delivery group"),
        ("workforce-wellbeing", "Workforce Wellbeing", "Chair, Workforce Wellbeing programme delivery group"),
        ("addressing-inequalities", "Addressing Inequalities", "Chair, Inclusion Workforce Group"),
        ("growing-our-workforce", "Growing Our Workforce", "Chair, Growing our Workforce programme delivery group"),
        ("developing-our-workforce", "Developing our Workforce and Culture", "Chair, Developing our Workforce programme delivery group"),
        ("retaining-our-workforce", "Retaining Our Workforce", "Retention and Flexible Working Lead"),
        ("digital-workforce", "Digital Skills and Workforce Data", "Workforce Intelligence Lead"),
    ];

    /// <summary>
    /// A large partnership for benchmarks: <paramref name="partners"/> partners of every sector (a few
    /// large trusts, many small care, primary care and voluntary organisations), <paramref name="measures"/>
    /// measures of every kind (counts, amounts, ratios including proportions, yes-no, sector-only and
    /// survey measures) with targets or trajectories, up to eight programmes, five assurance groups and
    /// two pulse surveys open for the whole span.
    /// </summary>
    /// <param name="first">The first quarter; <see cref="DefaultFirstPeriod"/> (2025-26-Q1) when null.</param>
    /// <param name="quarters">The quarters in the span.</param>
    /// <param name="seed">Varies the partners' sizes.</param>
    /// <exception cref="InvalidOperationException">The generated document does not validate (a defect here).</exception>
    public static Strategy Large(int partners = 200, int measures = 40, Period? first = null, int quarters = 8, int seed = 2026)
    {
        var document = LargeDocument(partners, measures, first ?? DefaultFirstPeriod, quarters, seed);
        var result = StrategyDocument.Parse(document.ToJsonString(), StrategyFormat.Json);
        return result.IsValid
            ? result.Strategy!
            : throw new InvalidOperationException(
                "The generated strategy does not validate: " + string.Join("; ", result.Problems.Select(problem => problem.ToString())));
    }

    /// <summary>The strategy document <see cref="Large"/> parses, as JSON.</summary>
    public static JsonObject LargeDocument(int partners = 200, int measures = 40, Period? first = null, int quarters = 8, int seed = 2026)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partners, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(measures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarters, 1);
        var firstPeriod = first ?? DefaultFirstPeriod;
        var span = Period.Range(firstPeriod, firstPeriod.AddQuarters(quarters - 1)).ToList();
        var partnerList = LargePartners(partners, seed);
        var sectors = partnerList.Select(partner => partner.Sector).ToHashSet();
        var programmeCount = Math.Clamp((measures + 4) / 5, 1, ProgrammeNames.Length);
        var catalogue = SampleMeasureCatalogue.All;

        var programmes = new JsonArray();
        for (var p = 0; p < programmeCount; p++)
        {
            var (id, name, lead) = ProgrammeNames[p];
            var programmeMeasures = new JsonArray();
            for (var m = p; m < measures; m += programmeCount)
            {
                var archetype = catalogue[m % catalogue.Count];
                var repeat = (m / catalogue.Count) + 1;
                // A sector-only measure whose sectors no partner is in would fail validation; it applies to everyone instead.
                var appliesTo = archetype.AppliesTo.Where(sectors.Contains).ToList();
                var headcount = partnerList
                    .Where(partner => appliesTo.Count == 0 || appliesTo.Contains(partner.Sector))
                    .Sum(partner => (long)partner.Headcount);
                programmeMeasures.Add(archetype.ToDocument(repeat, appliesTo, headcount, span));
            }

            programmes.Add(new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["lead"] = lead,
                ["assuranceGroups"] = p % 4 == 3
                    ? new JsonArray("swg", "finance-committee", "provider-forum")
                    : new JsonArray("swg", p % 2 == 0 ? "people-committee" : "finance-committee"),
                ["overallRag"] = p % 3 == 2 ? "majority" : "worst-of-measures",
                ["measures"] = programmeMeasures,
            });
        }

        return new JsonObject
        {
            ["partnershipId"] = LargePartnershipId,
            ["name"] = "Greater Manchester Locality Workforce Strategy (sample data)",
            ["description"] = "A generated partnership for benchmarks and tests: every partner, target and figure in it is sample data.",
            ["firstPeriod"] = span[0].Id,
            ["lastPeriod"] = span[^1].Id,
            ["calendar"] = new JsonObject
            {
                ["opensDaysAfterQuarterEnd"] = ReportingCalendar.DefaultOpensDays,
                ["dueDaysAfterQuarterEnd"] = ReportingCalendar.DefaultDueDays,
                ["closesDaysAfterQuarterEnd"] = ReportingCalendar.DefaultClosesDays,
            },
            ["assuranceGroups"] = new JsonArray(
                Group("locality-board", "Locality Board", null),
                Group("people-committee", "People and Workforce Committee", "locality-board"),
                Group("finance-committee", "Finance and Performance Committee", "locality-board"),
                Group("swg", "Strategic Workforce Group", "people-committee"),
                Group("provider-forum", "Care Provider Forum", "swg")),
            ["partners"] = new JsonArray([.. partnerList.Select(partner => (JsonNode)new JsonObject
            {
                ["id"] = partner.Id,
                ["name"] = partner.Name,
                ["sector"] = partner.Sector.ToName(),
                ["headcount"] = partner.Headcount,
            })]),
            ["programmes"] = programmes,
            ["surveys"] = new JsonArray(
                SampleMeasureCatalogue.StaffPulse(span[0].FirstDay, span[^1].LastDay, ProgrammeNames[Math.Min(2, programmeCount - 1)].Id),
                SampleMeasureCatalogue.NewStarter(span[0].FirstDay, span[^1].LastDay, ProgrammeNames[0].Id)),
        };
    }

    private static JsonObject Group(string id, string name, string? reportsTo)
    {
        var group = new JsonObject { ["id"] = id, ["name"] = name };
        if (reportsTo is not null)
        {
            group["reportsTo"] = reportsTo;
        }

        return group;
    }

    private static List<Partner> LargePartners(int count, int seed)
    {
        var partners = new List<Partner>(count);
        for (var i = 0; i < count; i++)
        {
            var (sector, template, smallest, largest) = SectorMix[i % SectorMix.Length];
            var round = i / SectorMix.Length;
            var place = Places[round % Places.Length];
            var name = string.Format(CultureInfo.InvariantCulture, template, place);
            if (round >= Places.Length)
            {
                name += string.Create(CultureInfo.InvariantCulture, $" ({(round / Places.Length) + 1})");
            }

            var random = SampleRandom.For(seed, "partner", i.ToString(CultureInfo.InvariantCulture));
            var headcount = smallest + random.Next(largest - smallest + 1);
            partners.Add(new Partner(Slug(name), name, sector, headcount));
        }

        return partners;
    }

    private static string Slug(string name)
    {
        var slug = new string([.. name.ToLowerInvariant().Select(character => char.IsAsciiLetterOrDigit(character) ? character : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Trim('-');
    }
}
