using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

/// <summary>A small valid strategy with one of everything, which each validation test breaks in one way.</summary>
internal static class MinimalStrategy
{
    public const string Json = """
        {
          "partnershipId": "sample",
          "name": "Sample partnership",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [
            { "id": "board", "name": "Locality Board" },
            { "id": "swg", "name": "Strategic Workforce Group", "reportsTo": "board" }
          ],
          "partners": [
            { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 3000 },
            { "id": "practice", "name": "GP Federation", "sector": "primary-care", "headcount": 120 }
          ],
          "programmes": [
            {
              "id": "wellbeing",
              "name": "Workforce Wellbeing",
              "lead": "Wellbeing lead",
              "assuranceGroups": ["swg"],
              "measures": [
                { "id": "leaders-trained", "name": "Leaders trained", "kind": "count", "unit": "leaders",
                  "direction": "higher-is-better", "amberTolerance": "10%", "targets": { "2025-26-Q1": 10, "2025-26-Q2": 12 } },
                { "id": "sickness", "name": "Sickness absence", "kind": "ratio", "unit": "%", "direction": "lower-is-better",
                  "numeratorLabel": "Days lost", "denominatorLabel": "Days available", "isProportion": true, "amberTolerance": 0.5,
                  "baseline": { "period": "2025-26-Q1", "value": 6 }, "trajectory": { "period": "2026-27-Q4", "value": 5 } },
                { "id": "edi-strategy", "name": "EDI strategy in place", "kind": "yes-no", "unit": "% of partners",
                  "direction": "higher-is-better", "targets": { "2025-26-Q4": 100 } },
                { "id": "wellbeing-score", "name": "Wellbeing", "kind": "survey", "unit": "% positive", "direction": "higher-is-better",
                  "survey": { "surveyId": "pulse", "theme": "wellbeing", "score": "percent-positive" } },
                { "id": "agency-spend", "name": "Agency spend", "kind": "amount", "unit": "£", "direction": "lower-is-better",
                  "appliesTo": ["acute"], "targets": { "2025-26-Q1": 25000.50 } }
              ]
            },
            {
              "id": "growing",
              "name": "Growing our workforce",
              "lead": "Growing lead",
              "assuranceGroups": ["swg", "board"],
              "overallRag": "majority",
              "measures": [
                { "id": "arrs-vacancies", "name": "ARRS vacancies", "kind": "count", "unit": "vacancies",
                  "direction": "lower-is-better", "appliesTo": ["primary-care"] }
              ]
            }
          ],
          "surveys": [
            {
              "id": "pulse",
              "title": "Wellbeing pulse",
              "programme": "wellbeing",
              "opens": "2025-10-01",
              "closes": "2025-10-31",
              "minimumGroupSize": 11,
              "questions": [
                { "id": "supported", "kind": "likert5", "text": "I feel supported", "theme": "wellbeing" },
                { "id": "recommend", "kind": "scale0to10", "text": "Would you recommend us?" },
                { "id": "role", "kind": "single-choice", "text": "Your role", "options": ["Clinical", "Non-clinical"] },
                { "id": "comment", "kind": "text", "text": "Anything else?", "required": false, "maxLength": 500 }
              ]
            }
          ]
        }
        """;

    public static JsonObject Document() => JsonNode.Parse(Json)!.AsObject();

    public static StrategyParseResult Parse(JsonObject document) =>
        StrategyDocument.Parse(document.ToJsonString(), StrategyFormat.Json);

    public static JsonObject Measure(this JsonObject document, int programme, int measure) =>
        document["programmes"]![programme]!["measures"]![measure]!.AsObject();

    public static JsonObject Survey(this JsonObject document, int survey = 0) =>
        document["surveys"]![survey]!.AsObject();

    public static JsonObject Question(this JsonObject document, int question) =>
        document.Survey()["questions"]![question]!.AsObject();
}
