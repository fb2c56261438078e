using System.Text.Json.Nodes;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

/// <summary>One failing example per validation rule; each asserts the exact path of the problem.</summary>
public class StrategyValidationTests
{
    [Fact]
    public void The_minimal_strategy_is_valid()
    {
        var result = MinimalStrategy.Parse(MinimalStrategy.Document());

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        Assert.Equal("sample", result.Strategy!.PartnershipId);
    }

    [Fact]
    public void An_unknown_property_is_a_problem() =>
        AssertRejected(document => document["partnershipName"] = "Sample", "partnershipName", "unknown property");

    [Fact]
    public void A_misspelt_nested_property_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 0)["amberTolerence"] = "5%",
            "programmes[0].measures[0].amberTolerence",
            "unknown property");

    [Fact]
    public void An_unknown_property_names_the_ones_expected()
    {
        var document = MinimalStrategy.Document();
        document.Measure(0, 0)["trajectroy"] = new JsonObject();

        var problem = Assert.Single(MinimalStrategy.Parse(document).Problems);

        Assert.Equal("programmes[0].measures[0].trajectroy", problem.Path);
        Assert.Contains("trajectory", problem.Message, StringComparison.Ordinal);
        Assert.Contains("survey", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_property_is_a_problem() =>
        AssertRejected(document => document.Remove("name"), "name", "required");

    [Fact]
    public void A_blank_required_text_is_a_problem() =>
        AssertRejected(document => document["programmes"]![0]!["lead"] = "  ", "programmes[0].lead", "blank");

    [Fact]
    public void Text_where_a_number_belongs_is_a_problem() =>
        AssertRejected(document => document["partners"]![0]!["headcount"] = "lots", "partners[0].headcount", "expected a number");

    [Fact]
    public void A_list_where_a_mapping_belongs_is_a_problem() =>
        AssertRejected(document => document["partners"]![0] = new JsonArray(), "partners[0]", "expected a mapping");

    [Fact]
    public void An_id_that_is_not_a_slug_is_a_problem() =>
        AssertRejected(document => document["partnershipId"] = "Bury Locality", "partnershipId", "not a valid id");

    [Fact]
    public void A_reporting_span_period_that_does_not_exist_is_a_problem() =>
        AssertRejected(document => document["firstPeriod"] = "2025-26-Q5", "firstPeriod", "no such period");

    [Fact]
    public void A_reporting_span_that_ends_before_it_starts_is_a_problem() =>
        AssertRejected(document => document["lastPeriod"] = "2024-25-Q4", "lastPeriod", "before firstPeriod");

    [Fact]
    public void Returns_due_before_they_open_are_a_problem() =>
        AssertRejected(
            document => document["calendar"] = new JsonObject { ["opensDaysAfterQuarterEnd"] = 10, ["dueDaysAfterQuarterEnd"] = 5 },
            "calendar.dueDaysAfterQuarterEnd",
            "before they open");

    [Fact]
    public void Returns_closing_before_they_are_due_are_a_problem() =>
        AssertRejected(
            document => document["calendar"] = new JsonObject { ["closesDaysAfterQuarterEnd"] = 7 },
            "calendar.closesDaysAfterQuarterEnd",
            "before they are due");

    [Fact]
    public void A_calendar_offset_beyond_a_year_is_a_problem() =>
        AssertRejected(
            document => document["calendar"] = new JsonObject { ["closesDaysAfterQuarterEnd"] = 400 },
            "calendar.closesDaysAfterQuarterEnd",
            "more than a year");

    [Fact]
    public void A_fractional_day_offset_is_a_problem() =>
        AssertRejected(
            document => document["calendar"] = new JsonObject { ["dueDaysAfterQuarterEnd"] = 21.5 },
            "calendar.dueDaysAfterQuarterEnd",
            "whole number");

    [Fact]
    public void A_strategy_with_no_partners_is_a_problem() =>
        AssertRejected(document => document["partners"] = new JsonArray(), "partners", "at least one partner");

    [Fact]
    public void A_duplicate_partner_id_is_a_problem() =>
        AssertRejected(document => document["partners"]![1]!["id"] = "trust", "partners[1].id", "duplicate partner id 'trust' (first at partners[0])");

    [Fact]
    public void An_unknown_sector_is_a_problem() =>
        AssertRejected(document => document["partners"]![0]!["sector"] = "hospital", "partners[0].sector", "unknown sector 'hospital'");

    [Fact]
    public void A_negative_headcount_is_a_problem() =>
        AssertRejected(document => document["partners"]![0]!["headcount"] = -5, "partners[0].headcount", "cannot be negative");

    [Fact]
    public void A_fractional_headcount_is_a_problem() =>
        AssertRejected(document => document["partners"]![0]!["headcount"] = 12.5, "partners[0].headcount", "whole number");

    [Fact]
    public void A_duplicate_assurance_group_id_is_a_problem() =>
        AssertRejected(document => document["assuranceGroups"]![1]!["id"] = "board", "assuranceGroups[1].id", "duplicate assurance group id");

    [Fact]
    public void Reporting_to_an_unknown_group_is_a_problem() =>
        AssertRejected(document => document["assuranceGroups"]![1]!["reportsTo"] = "idcb", "assuranceGroups[1].reportsTo", "no assurance group 'idcb'");

    [Fact]
    public void A_reporting_loop_is_a_problem() =>
        AssertRejected(
            document => document["assuranceGroups"]![0]!["reportsTo"] = "swg",
            "assuranceGroups[0].reportsTo",
            "loops back: board → swg → board");

    [Fact]
    public void A_group_reporting_to_itself_is_a_problem() =>
        AssertRejected(document => document["assuranceGroups"]![0]!["reportsTo"] = "board", "assuranceGroups[0].reportsTo", "loops back");

    [Fact]
    public void A_loop_is_reported_once_not_once_per_member()
    {
        var document = MinimalStrategy.Document();
        document["assuranceGroups"]![0]!["reportsTo"] = "swg";

        Assert.Single(MinimalStrategy.Parse(document).Problems, problem => problem.Message.Contains("loops back", StringComparison.Ordinal));
    }

    [Fact]
    public void A_programme_reporting_to_an_unknown_group_is_a_problem() =>
        AssertRejected(
            document => document["programmes"]![0]!["assuranceGroups"] = new JsonArray("swg", "people-board"),
            "programmes[0].assuranceGroups[1]",
            "no assurance group 'people-board'");

    [Fact]
    public void A_programme_reporting_to_no_group_is_a_problem() =>
        AssertRejected(document => document["programmes"]![0]!["assuranceGroups"] = new JsonArray(), "programmes[0].assuranceGroups", "at least one assurance group");

    [Fact]
    public void A_duplicate_programme_id_is_a_problem() =>
        AssertRejected(document => document["programmes"]![1]!["id"] = "wellbeing", "programmes[1].id", "duplicate programme id");

    [Fact]
    public void An_unknown_overall_rag_rule_is_a_problem() =>
        AssertRejected(document => document["programmes"]![1]!["overallRag"] = "best", "programmes[1].overallRag", "unknown overall RAG rule 'best'");

    [Fact]
    public void An_unknown_measure_kind_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["kind"] = "percentage", "programmes[0].measures[0].kind", "unknown measure kind 'percentage'");

    [Fact]
    public void An_unknown_direction_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["direction"] = "up", "programmes[0].measures[0].direction", "unknown direction 'up'");

    [Fact]
    public void A_duplicate_measure_id_in_a_programme_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 1)["id"] = "leaders-trained", "programmes[0].measures[1].id", "duplicate measure id");

    [Fact]
    public void A_measure_id_used_in_two_programmes_is_a_problem() =>
        AssertRejected(
            document => document.Measure(1, 0)["id"] = "sickness",
            "programmes[1].measures[0].id",
            "duplicate measure id 'sickness' (first at programmes[0].measures[1])");

    [Fact]
    public void A_target_for_a_period_that_does_not_exist_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 0)["targets"]!["2025-26-Q5"] = 3,
            "programmes[0].measures[0].targets[\"2025-26-Q5\"]",
            "no such period");

    [Fact]
    public void A_target_outside_the_reporting_span_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 0)["targets"]!["2027-28-Q1"] = 3,
            "programmes[0].measures[0].targets[\"2027-28-Q1\"]",
            "outside the reporting span 2025-26-Q1 to 2026-27-Q4");

    [Fact]
    public void A_negative_count_target_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["targets"]!["2025-26-Q1"] = -1, "programmes[0].measures[0].targets[\"2025-26-Q1\"]", "below");

    [Fact]
    public void A_fractional_count_target_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["targets"]!["2025-26-Q1"] = 2.5, "programmes[0].measures[0].targets[\"2025-26-Q1\"]", "whole number");

    [Fact]
    public void A_yes_no_target_above_100_percent_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 2)["targets"]!["2025-26-Q4"] = 120, "programmes[0].measures[2].targets[\"2025-26-Q4\"]", "above");

    [Fact]
    public void A_target_that_is_not_a_number_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["targets"]!["2025-26-Q1"] = "ten", "programmes[0].measures[0].targets[\"2025-26-Q1\"]", "expected a number");

    [Fact]
    public void A_ratio_without_a_denominator_label_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 1).Remove("denominatorLabel"), "programmes[0].measures[1].denominatorLabel", "label for its denominator");

    [Fact]
    public void A_ratio_without_a_numerator_label_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 1).Remove("numeratorLabel"), "programmes[0].measures[1].numeratorLabel", "label for its numerator");

    [Fact]
    public void Ratio_labels_on_a_count_are_a_problem() =>
        AssertRejected(document => document.Measure(0, 0)["numeratorLabel"] = "Leaders", "programmes[0].measures[0].numeratorLabel", "only ratio measures");

    [Fact]
    public void A_survey_measure_without_its_survey_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3).Remove("survey"), "programmes[0].measures[3].survey", "required");

    [Fact]
    public void A_survey_measure_naming_an_unknown_survey_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3)["survey"]!["surveyId"] = "census", "programmes[0].measures[3].survey.surveyId", "no survey 'census'");

    [Fact]
    public void A_survey_measure_naming_an_unknown_question_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 3)["survey"] = new JsonObject { ["surveyId"] = "pulse", ["questionId"] = "happy", ["score"] = "percent-positive" },
            "programmes[0].measures[3].survey.questionId",
            "no question 'happy'");

    [Fact]
    public void A_survey_measure_naming_an_unknown_theme_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3)["survey"]!["theme"] = "pay", "programmes[0].measures[3].survey.theme", "no likert5 questions with theme 'pay'");

    [Fact]
    public void A_survey_measure_naming_both_question_and_theme_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3)["survey"]!["questionId"] = "supported", "programmes[0].measures[3].survey", "either questionId or theme");

    [Fact]
    public void An_enps_score_from_a_likert_question_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 3)["survey"] = new JsonObject { ["surveyId"] = "pulse", ["questionId"] = "supported", ["score"] = "enps" },
            "programmes[0].measures[3].survey.score",
            "enps is computed from scale0to10 questions");

    [Fact]
    public void An_enps_score_from_a_theme_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3)["survey"]!["score"] = "enps", "programmes[0].measures[3].survey.theme", "give questionId");

    [Fact]
    public void An_unknown_survey_score_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 3)["survey"]!["score"] = "average", "programmes[0].measures[3].survey.score", "unknown survey score 'average'");

    [Fact]
    public void A_survey_source_on_a_submitted_measure_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 0)["survey"] = new JsonObject { ["surveyId"] = "pulse", ["theme"] = "wellbeing", ["score"] = "theme-score" },
            "programmes[0].measures[0].survey",
            "only survey measures");

    [Fact]
    public void A_percent_positive_target_above_100_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 3)["targets"] = new JsonObject { ["2025-26-Q3"] = 140 },
            "programmes[0].measures[3].targets[\"2025-26-Q3\"]",
            "above the largest possible value, 100");

    [Fact]
    public void Targets_and_a_trajectory_together_are_a_problem() =>
        AssertRejected(document => document.Measure(0, 1)["targets"] = new JsonObject { ["2025-26-Q2"] = 5.8 }, "programmes[0].measures[1].trajectory", "not both");

    [Fact]
    public void A_baseline_without_a_trajectory_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 1).Remove("trajectory"), "programmes[0].measures[1].trajectory", "go together");

    [Fact]
    public void A_trajectory_ending_before_its_baseline_is_a_problem() =>
        AssertRejected(
            document => document.Measure(0, 1)["baseline"]!["period"] = "2026-27-Q4",
            "programmes[0].measures[1].trajectory.period",
            "not after the baseline period");

    [Fact]
    public void A_trajectory_beyond_100_percent_for_a_proportion_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 1)["trajectory"]!["value"] = 101, "programmes[0].measures[1].trajectory.value", "above");

    [Theory]
    [InlineData(-1)]
    [InlineData("-5%")]
    [InlineData("150%")]
    [InlineData("five")]
    public void An_amber_tolerance_that_is_negative_or_not_a_number_is_a_problem(object tolerance) =>
        AssertRejected(
            document => document.Measure(0, 0)["amberTolerance"] = JsonValue.Create(tolerance),
            "programmes[0].measures[0].amberTolerance",
            "non-negative");

    [Fact]
    public void Applying_to_an_unknown_sector_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 4)["appliesTo"] = new JsonArray("acute", "nhs"), "programmes[0].measures[4].appliesTo[1]", "unknown sector 'nhs'");

    [Fact]
    public void Applying_only_to_sectors_no_partner_is_in_is_a_problem() =>
        AssertRejected(document => document.Measure(0, 4)["appliesTo"] = new JsonArray("hospice"), "programmes[0].measures[4].appliesTo", "no partner is in these sectors");

    [Fact]
    public void A_duplicate_survey_id_is_a_problem() =>
        AssertRejected(document => document["surveys"]!.AsArray().Add(document.Survey().DeepClone()), "surveys[1].id", "duplicate survey id 'pulse'");

    [Fact]
    public void A_survey_with_no_questions_is_a_problem() =>
        AssertRejected(document => document.Survey()["questions"] = new JsonArray(), "surveys[0].questions", "at least one question");

    [Fact]
    public void A_survey_missing_its_questions_is_a_problem() =>
        AssertRejected(document => document.Survey().Remove("questions"), "surveys[0].questions", "required");

    [Fact]
    public void A_survey_closing_before_it_opens_is_a_problem() =>
        AssertRejected(document => document.Survey()["closes"] = "2025-09-30", "surveys[0].closes", "before it opens");

    [Fact]
    public void A_survey_date_that_is_not_a_date_is_a_problem() =>
        AssertRejected(document => document.Survey()["opens"] = "1 October 2025", "surveys[0].opens", "not a date");

    [Fact]
    public void A_minimum_group_size_below_five_is_a_problem() =>
        AssertRejected(document => document.Survey()["minimumGroupSize"] = 3, "surveys[0].minimumGroupSize", "below the smallest minimum group size, 5");

    [Fact]
    public void A_survey_for_an_unknown_programme_is_a_problem() =>
        AssertRejected(document => document.Survey()["programme"] = "culture", "surveys[0].programme", "no programme 'culture'");

    [Fact]
    public void An_unknown_question_kind_is_a_problem() =>
        AssertRejected(document => document.Question(0)["kind"] = "likert7", "surveys[0].questions[0].kind", "unknown question kind 'likert7'");

    [Fact]
    public void A_duplicate_question_id_is_a_problem() =>
        AssertRejected(document => document.Question(1)["id"] = "supported", "surveys[0].questions[1].id", "duplicate question id");

    [Fact]
    public void A_choice_question_with_fewer_than_two_options_is_a_problem() =>
        AssertRejected(document => document.Question(2)["options"] = new JsonArray("Clinical"), "surveys[0].questions[2].options", "at least two options");

    [Fact]
    public void A_repeated_option_is_a_problem() =>
        AssertRejected(document => document.Question(2)["options"] = new JsonArray("Clinical", "Clinical"), "surveys[0].questions[2].options[1]", "offered twice");

    [Fact]
    public void Options_on_a_likert_question_are_a_problem() =>
        AssertRejected(document => document.Question(0)["options"] = new JsonArray("Yes", "No"), "surveys[0].questions[0].options", "only single-choice and multi-choice");

    [Fact]
    public void A_theme_on_a_question_that_is_not_likert_is_a_problem() =>
        AssertRejected(document => document.Question(1)["theme"] = "wellbeing", "surveys[0].questions[1].theme", "only likert5");

    [Fact]
    public void A_maximum_length_on_a_question_that_is_not_text_is_a_problem() =>
        AssertRejected(document => document.Question(0)["maxLength"] = 100, "surveys[0].questions[0].maxLength", "only text questions");

    [Fact]
    public void A_maximum_length_of_zero_is_a_problem() =>
        AssertRejected(document => document.Question(3)["maxLength"] = 0, "surveys[0].questions[3].maxLength", "at least 1");

    [Fact]
    public void Required_that_is_not_true_or_false_is_a_problem() =>
        AssertRejected(document => document.Question(3)["required"] = "sometimes", "surveys[0].questions[3].required", "true or false");

    [Fact]
    public void A_property_given_twice_is_a_problem()
    {
        var json = MinimalStrategy.Json.Replace("\"name\": \"Sample partnership\",", "\"name\": \"Sample\", \"name\": \"Sample partnership\",", StringComparison.Ordinal);

        var result = StrategyDocument.Parse(json, StrategyFormat.Json);

        Assert.Contains(new StrategyProblem("name", "property given more than once"), result.Problems);
        Assert.Null(result.Strategy);
    }

    [Fact]
    public void Malformed_json_is_one_problem_for_the_document()
    {
        var result = StrategyDocument.Parse("{ \"partnershipId\": ", StrategyFormat.Json);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(StrategyProblem.DocumentPath, problem.Path);
        Assert.StartsWith("not valid JSON", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_is_one_problem_with_its_line()
    {
        var result = StrategyDocument.Parse("partnershipId: bury\nname: [unclosed\n", StrategyFormat.Yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Contains("not valid YAML at line", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("- just\n- a list\n")]
    [InlineData("a plain sentence")]
    public void A_yaml_document_that_is_not_a_mapping_is_a_problem(string yaml)
    {
        var result = StrategyDocument.Parse(yaml, StrategyFormat.Yaml);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, problem => problem.Path == StrategyProblem.DocumentPath);
    }

    [Fact]
    public void Yaml_aliases_that_expand_exponentially_are_refused()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 8; level++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        var result = StrategyDocument.Parse(yaml.ToString(), StrategyFormat.Yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(StrategyProblem.DocumentPath, problem.Path);
        Assert.Contains("aliases are expanded", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_with_many_problems_reports_them_all_at_once()
    {
        var document = MinimalStrategy.Document();
        document["partnershipId"] = "Not An Id";
        document["partners"]![0]!["headcount"] = -1;
        document["partners"]![1]!["sector"] = "gp";
        document["assuranceGroups"]![0]!["reportsTo"] = "swg";
        document.Measure(0, 0)["kind"] = "counter";
        document.Measure(0, 1).Remove("denominatorLabel");
        document.Measure(0, 2)["targets"]!["2025-26-Q5"] = 50;
        document.Measure(1, 0)["id"] = "sickness";
        document.Survey()["questions"] = new JsonArray();
        document.Survey()["minimumGroupSize"] = 2;
        document["programmes"]![1]!["colour"] = "blue";

        var result = MinimalStrategy.Parse(document);

        Assert.Null(result.Strategy);
        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "assuranceGroups[0].reportsTo",
                "partners[0].headcount",
                "partners[1].sector",
                "partnershipId",
                "programmes[0].measures[0].kind",
                "programmes[0].measures[1].denominatorLabel",
                "programmes[0].measures[2].targets[\"2025-26-Q5\"]",
                "programmes[1].colour",
                "programmes[1].measures[0].id",
                "surveys[0].minimumGroupSize",
                "surveys[0].questions",
            ],
            result.Problems.Select(problem => problem.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Problems_read_as_path_then_message() =>
        Assert.Equal(
            "programmes[2].measures[0].targets[\"2025-26-Q5\"]: no such period",
            new StrategyProblem("programmes[2].measures[0].targets[\"2025-26-Q5\"]", "no such period").ToString());

    [Fact]
    public void A_measure_is_asked_as_its_question_or_else_by_its_name()
    {
        var document = MinimalStrategy.Document();
        document.Measure(0, 0)["question"] = "  How many of your leaders completed wellbeing training this quarter?  ";

        var strategy = MinimalStrategy.Parse(document).Strategy!;
        var measures = strategy.Programmes[0].Measures;

        Assert.Equal("How many of your leaders completed wellbeing training this quarter?", measures[0].Question);
        Assert.Equal("How many of your leaders completed wellbeing training this quarter?", measures[0].AskedAs);
        Assert.Null(measures[1].Question);
        Assert.Equal("Sickness absence", measures[1].AskedAs);
    }

    [Fact]
    public void A_question_is_kept_when_the_strategy_is_written_back()
    {
        var document = MinimalStrategy.Document();
        document.Measure(0, 2)["question"] = "Does your organisation have an EDI strategy or plan?";

        var written = StrategyDocument.ToCanonicalJson(MinimalStrategy.Parse(document).Strategy!);
        var reread = StrategyDocument.Parse(written, StrategyFormat.Json).Strategy!;

        Assert.Equal("Does your organisation have an EDI strategy or plan?", reread.Programmes[0].Measures[2].Question);
    }

    [Fact]
    public void A_survey_measure_has_no_question() =>
        AssertRejected(document => document.Measure(0, 3)["question"] = "How do staff feel?", "programmes[0].measures[3].question", "survey measure");

    [Fact]
    public void A_question_is_text() =>
        AssertRejected(document => document.Measure(0, 0)["question"] = 12, "programmes[0].measures[0].question", "expected text");

    [Fact]
    public void A_question_is_one_sentence_not_an_essay() =>
        AssertRejected(
            document => document.Measure(0, 0)["question"] = new string('a', SuccessMeasure.QuestionMaxLength + 1),
            "programmes[0].measures[0].question",
            $"at most {SuccessMeasure.QuestionMaxLength} characters");

    private static void AssertRejected(Action<JsonObject> breakDocument, string path, string messageFragment)
    {
        var document = MinimalStrategy.Document();
        breakDocument(document);

        var result = MinimalStrategy.Parse(document);

        Assert.False(result.IsValid);
        Assert.Null(result.Strategy);
        Assert.True(
            result.Problems.Any(problem => problem.Path == path && problem.Message.Contains(messageFragment, StringComparison.Ordinal)),
            $"Expected a problem at {path} containing '{messageFragment}'; got:{Environment.NewLine}{string.Join(Environment.NewLine, result.Problems)}");
    }
}
