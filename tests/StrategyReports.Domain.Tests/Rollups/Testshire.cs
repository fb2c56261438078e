using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Tests.Rollups;

/// <summary>
/// A hand-computed partnership: a large acute trust beside a small practice and care home, a
/// measure for one sector, a missing return, a late resubmission and a survey under its minimum.
/// </summary>
internal static class Testshire
{
    public const string Json = """
        {
          "partnershipId": "testshire",
          "name": "Testshire One Workforce",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [
            { "id": "board", "name": "Locality Board" },
            { "id": "swg", "name": "Strategic Workforce Group", "reportsTo": "board" },
            { "id": "quiet", "name": "Quiet Group" }
          ],
          "partners": [
            { "id": "big-trust", "name": "Big Acute Trust", "sector": "acute", "headcount": 8000 },
            { "id": "mh-trust", "name": "Mental Health Trust", "sector": "mental-health", "headcount": 2500 },
            { "id": "practice", "name": "Small Practice", "sector": "primary-care", "headcount": 40 },
            { "id": "council", "name": "Testshire Council", "sector": "local-authority", "headcount": 1200 },
            { "id": "care-home", "name": "Elm Care Home", "sector": "care-provider", "headcount": 15 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Workforce Wellbeing", "lead": "Wellbeing lead", "assuranceGroups": ["swg"],
              "measures": [
                { "id": "sickness", "name": "Sickness absence", "kind": "ratio", "unit": "%", "direction": "lower-is-better",
                  "numeratorLabel": "Days lost", "denominatorLabel": "Days available", "isProportion": true, "amberTolerance": 0.5,
                  "targets": { "2025-26-Q2": 5 } },
                { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better",
                  "amberTolerance": "10%", "targets": { "2025-26-Q2": 100 } },
                { "id": "edi", "name": "EDI strategy in place", "kind": "yes-no", "unit": "% of partners", "direction": "higher-is-better",
                  "amberTolerance": 10, "targets": { "2025-26-Q2": 80 } },
                { "id": "agency", "name": "Agency spend", "kind": "amount", "unit": "£", "direction": "lower-is-better",
                  "appliesTo": ["acute", "mental-health"], "targets": { "2025-26-Q2": 1000000 } },
                { "id": "wellbeing-score", "name": "Feeling well", "kind": "survey", "unit": "% positive", "direction": "higher-is-better",
                  "amberTolerance": 5, "targets": { "2025-26-Q2": 60 },
                  "survey": { "surveyId": "pulse", "theme": "wellbeing", "score": "percent-positive" } },
                { "id": "enps", "name": "Would recommend", "kind": "survey", "unit": "eNPS", "direction": "higher-is-better",
                  "survey": { "surveyId": "pulse", "questionId": "recommend", "score": "enps" } }
              ]
            },
            {
              "id": "growing", "name": "Growing our workforce", "lead": "Growing lead", "assuranceGroups": ["swg", "board"],
              "overallRag": "majority",
              "measures": [
                { "id": "apprentices", "name": "Apprentices", "kind": "count", "unit": "apprentices", "direction": "higher-is-better",
                  "targets": { "2025-26-Q2": 10 } },
                { "id": "arrs", "name": "ARRS roles filled", "kind": "count", "unit": "roles", "direction": "higher-is-better",
                  "appliesTo": ["primary-care"], "targets": { "2025-26-Q2": 10 } },
                { "id": "care-vacancies", "name": "Care vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better",
                  "appliesTo": ["care-provider"], "targets": { "2025-26-Q2": 5 } },
                { "id": "carer-support", "name": "Carers feel supported", "kind": "survey", "unit": "% positive", "direction": "higher-is-better",
                  "targets": { "2025-26-Q2": 70 },
                  "survey": { "surveyId": "carers", "questionId": "helped", "score": "percent-positive" } }
              ]
            }
          ],
          "surveys": [
            {
              "id": "pulse", "title": "Wellbeing pulse", "programme": "wellbeing", "opens": "2025-04-01", "closes": "2026-03-31",
              "minimumGroupSize": 5,
              "questions": [
                { "id": "supported", "kind": "likert5", "text": "I feel supported", "theme": "wellbeing" },
                { "id": "valued", "kind": "likert5", "text": "I feel valued", "theme": "wellbeing" },
                { "id": "recommend", "kind": "scale0to10", "text": "Would you recommend us?" },
                { "id": "comment", "kind": "text", "text": "Anything else?", "required": false, "maxLength": 500 }
              ]
            },
            {
              "id": "carers", "title": "Carers check-in", "programme": "growing", "opens": "2025-04-01", "closes": "2026-03-31",
              "minimumGroupSize": 11,
              "questions": [
                { "id": "helped", "kind": "likert5", "text": "I get the help I need" }
              ]
            }
          ]
        }
        """;

    public static readonly Period Q1 = Period.Parse("2025-26-Q1");
    public static readonly Period Q2 = Period.Parse("2025-26-Q2");

    public static Strategy Strategy { get; } = StrategyDocument.Parse(Json, StrategyFormat.Json).Strategy
        ?? throw new InvalidOperationException("The Testshire strategy does not parse.");

    /// <summary>
    /// Q1: four returns (the practice missing). Q2: four returns (the care home missing), the big
    /// trust's first version superseded by a late resubmission.
    /// </summary>
    public static IReadOnlyList<QuarterlyReturn> Returns() =>
    [
        Return(Q1, "big-trust", 1, new() { ["sickness"] = Ratio(4000, 80000), ["vacancies"] = Count(320), ["edi"] = YesNo(false), ["agency"] = Amount(950000), ["apprentices"] = Count(5) }),
        Return(Q1, "mh-trust", 1, new() { ["sickness"] = Ratio(400, 10000), ["vacancies"] = Count(70), ["edi"] = YesNo(false), ["agency"] = Amount(260000) }),
        Return(Q1, "council", 1, new() { ["sickness"] = Ratio(600, 20000), ["vacancies"] = Count(25), ["edi"] = YesNo(true) }),
        Return(Q1, "care-home", 1, new() { ["sickness"] = Ratio(30, 1500), ["care-vacancies"] = Count(7) }),

        Return(Q2, "big-trust", 1, new() { ["sickness"] = Ratio(4000, 80000), ["vacancies"] = Count(300), ["edi"] = YesNo(true), ["agency"] = Amount(900000), ["apprentices"] = Count(8) }),
        Return(Q2, "big-trust", 2, new() { ["sickness"] = Ratio(4400, 80000), ["vacancies"] = Count(280), ["edi"] = YesNo(true), ["agency"] = Amount(900000), ["apprentices"] = Count(8) }, isLate: true,
            narrative: new ReturnNarrative("Opened a staff hub.", "Recruit two health coaches.", "Winter pressures.")),
        Return(Q2, "mh-trust", 1, new() { ["sickness"] = Ratio(300, 10000), ["vacancies"] = Count(60), ["edi"] = YesNo(false), ["agency"] = Amount(250000), ["apprentices"] = Count(2) }),
        Return(Q2, "practice", 1, new() { ["sickness"] = Ratio(2, 200), ["vacancies"] = Count(1), ["edi"] = YesNo(true), ["apprentices"] = Count(0), ["arrs"] = Count(4) },
            narrative: new ReturnNarrative(null, "  ", "Losing a nurse.")),
        Return(Q2, "council", 1, new() { ["sickness"] = Ratio(500, 20000), ["vacancies"] = Count(20), ["edi"] = YesNo(true), ["apprentices"] = Count(1) }),
    ];

    /// <summary>
    /// Q2 pulse: six responses (three each from the two trusts); Q1 pulse: two, under the minimum of 5;
    /// Q2 carers: four, under its minimum of 11; one pulse response in Q3, outside the rollup.
    /// </summary>
    public static IReadOnlyList<StoredSurveyResponse> Responses()
    {
        int[] supported = [5, 4, 4, 3, 2, 5];
        int[] valued = [4, 4, 3, 3, 2, 5];
        int[] recommend = [10, 9, 7, 6, 3, 10];
        var responses = new List<StoredSurveyResponse>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(Pulse($"q2-{i}", i < 3 ? "big-trust" : "mh-trust", new DateOnly(2025, 8, 15), supported[i], valued[i], recommend[i]));
        }

        responses.Add(Pulse("q1-0", "council", new DateOnly(2025, 5, 10), 5, 5, 10));
        responses.Add(Pulse("q1-1", "council", new DateOnly(2025, 6, 30), 1, 1, 0));
        responses.Add(Pulse("q3-0", "council", new DateOnly(2025, 10, 1), 1, 1, 0));
        for (var i = 0; i < 4; i++)
        {
            responses.Add(new StoredSurveyResponse($"carers-{i}", new SurveyResponse("carers", "council", new DateOnly(2025, 9, 1), new Dictionary<string, SurveyAnswer> { ["helped"] = new LikertAnswer(4) })));
        }

        return responses;
    }

    public static RollupInputs Inputs() => new(Returns(), Responses());

    public static StoredSurveyResponse Pulse(string id, string partner, DateOnly day, int supported, int valued, int recommend) =>
        new(id, new SurveyResponse("pulse", partner, day, new Dictionary<string, SurveyAnswer>
        {
            ["supported"] = new LikertAnswer(supported),
            ["valued"] = new LikertAnswer(valued),
            ["recommend"] = new ScaleAnswer(recommend),
        }));

    public static QuarterlyReturn Return(
        Period period, string partner, int version, Dictionary<string, MeasureValue> values, bool isLate = false, ReturnNarrative? narrative = null, string submittedBy = "a.partner@example.org") =>
        new("testshire", period, partner, version, 1, values, narrative ?? ReturnNarrative.Empty, submittedBy, new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero).AddDays(version), isLate);

    public static MeasureValue Ratio(decimal numerator, decimal denominator) => new RatioValue(numerator, denominator);

    public static MeasureValue Count(long value) => new CountValue(value);

    public static MeasureValue Amount(decimal value) => new AmountValue(value);

    public static MeasureValue YesNo(bool value) => new YesNoValue(value);
}
