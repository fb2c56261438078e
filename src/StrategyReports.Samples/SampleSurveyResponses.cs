using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Samples;

/// <summary>
/// Plausible anonymous responses to a pulse survey: answers consistent with the survey's questions,
/// Likert answers skewed positive, 0–10 answers spread, options from those offered, occasional short
/// free text, optional questions sometimes skipped. Each partner's share follows its headcount, except
/// that the smallest partner always stays below the survey's minimum group size, so suppression shows.
/// </summary>
public static class SampleSurveyResponses
{
    // Short and plain, as staff write them; nothing that could identify anyone.
    private static readonly string[] FreeText =
    [
        "More time for breaks on busy shifts.",
        "Being able to book annual leave further ahead.",
        "A quiet room to take a few minutes after a difficult call.",
        "Regular one-to-ones with my manager.",
        "Flexible start times for people with caring responsibilities.",
        "Fewer last-minute rota changes.",
        "Knowing who to ask in the other organisations.",
        "A buddy in my first few weeks.",
        "Parking that does not cost so much.",
        "Healthy food available on night shifts.",
        "More staff on the rota so we are not always short.",
        "Clearer information about the wellbeing support on offer.",
        "Time to do the training during working hours.",
        "Being thanked when things go well.",
        "Better IT so we are not logging in to five systems.",
        "Meeting the teams we refer people to.",
    ];

    /// <summary>
    /// <paramref name="count"/> responses spread over the days of <paramref name="periods"/> on which the
    /// survey is open (in proportion to those days), deterministic by <paramref name="seed"/>. None when
    /// the survey is open on no day of the periods.
    /// </summary>
    public static IReadOnlyList<SurveyResponse> Generate(Strategy strategy, PulseSurvey survey, IEnumerable<Period> periods, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var windows = periods.Distinct().Order()
            .Select(period => (Period: period, First: Later(period.FirstDay, survey.Opens), Last: Earlier(period.LastDay, survey.Closes)))
            .Where(window => window.First <= window.Last)
            .ToList();
        if (windows.Count == 0 || strategy.Partners.Count == 0)
        {
            return [];
        }

        var days = windows.Select(window => (double)(window.Last.DayNumber - window.First.DayNumber + 1)).ToList();
        var perPeriod = Shares(count, days);
        var responses = new List<SurveyResponse>(count);
        var generator = new AnswerGenerator(survey, seed);
        for (var w = 0; w < windows.Count; w++)
        {
            var (period, first, last) = windows[w];
            var perPartner = PartnerCounts(strategy.Partners, perPeriod[w], survey.MinimumGroupSize);
            for (var p = 0; p < strategy.Partners.Count; p++)
            {
                var partner = strategy.Partners[p];
                var random = SampleRandom.For(seed, "survey", survey.Id, period.Id, partner.Id);
                var staff = generator.StaffOf(partner);
                for (var i = 0; i < perPartner[p]; i++)
                {
                    var day = first.AddDays(random.Next(last.DayNumber - first.DayNumber + 1));
                    responses.Add(new SurveyResponse(survey.Id, partner.Id, day, generator.Answers(random, staff)));
                }
            }
        }

        return responses;
    }

    /// <summary>Responses per partner: by headcount and each partner's own engagement, with the smallest partner kept below the minimum group size.</summary>
    internal static int[] PartnerCounts(IReadOnlyList<Partner> partners, int count, int minimumGroupSize)
    {
        var smallest = Enumerable.Range(0, partners.Count).MinBy(index => (partners[index].Headcount, partners[index].Id));
        var total = Math.Max(1d, partners.Sum(partner => (double)partner.Headcount));
        var smallestCount = partners.Count == 1
            ? count
            : Math.Min(count, Math.Clamp((int)Math.Round(count * partners[smallest].Headcount / total), 1, minimumGroupSize - 1));
        var others = Enumerable.Range(0, partners.Count).Where(index => index != smallest).ToList();
        var otherShares = Shares(count - smallestCount, [.. others.Select(index => Math.Max(1, partners[index].Headcount) * Engagement(partners[index].Id))]);
        var counts = new int[partners.Count];
        counts[smallest] = smallestCount;
        for (var i = 0; i < others.Count; i++)
        {
            counts[others[i]] = otherShares[i];
        }

        return counts;
    }

    /// <summary>
    /// How readily a partner's staff answer, between 0.6 and 1.4, fixed per partner: real response
    /// rates differ between organisations, and identical rates would look generated.
    /// </summary>
    private static double Engagement(string partnerId)
    {
        // FNV-1a, because string.GetHashCode differs between runs and the output must not.
        var hash = 2166136261u;
        foreach (var c in partnerId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return 0.6 + (hash % 81) / 100.0;
    }

    /// <summary>Splits a whole number in proportion to weights, largest remainders first, so the parts add up.</summary>
    private static int[] Shares(int count, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var parts = new int[weights.Count];
        if (weights.Count == 0 || total <= 0)
        {
            return parts;
        }

        var exact = weights.Select(weight => count * weight / total).ToArray();
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = (int)Math.Floor(exact[i]);
        }

        var left = count - parts.Sum();
        foreach (var index in Enumerable.Range(0, parts.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left))
        {
            parts[index]++;
        }

        return parts;
    }

    private static DateOnly Later(DateOnly left, DateOnly right) => left > right ? left : right;

    private static DateOnly Earlier(DateOnly left, DateOnly right) => left < right ? left : right;

    /// <summary>How one partner's staff answer: their mood, and the chance of each Likert answer to each question.</summary>
    private sealed record Staff(double Mood, IReadOnlyDictionary<string, double[]> LikertChances);

    private sealed class AnswerGenerator(PulseSurvey survey, int seed)
    {
        // Strongly disagree … strongly agree: most staff agree, a sizeable minority do not.
        private static readonly double[] LikertWeights = [0.05, 0.11, 0.2, 0.42, 0.22];

        public Staff StaffOf(Partner partner)
        {
            // From about -0.6 (less happy than most) to 0.6 (happier).
            var mood = (SampleRandom.Fixed(seed, "mood", survey.Id, partner.Id) - 0.5) * 1.2;
            var chances = survey.Questions
                .Where(question => question.Kind == QuestionKind.Likert5)
                .ToDictionary(question => question.Id, question => LikertChances(question, mood), StringComparer.Ordinal);
            return new Staff(mood, chances);
        }

        public Dictionary<string, SurveyAnswer> Answers(Random random, Staff staff)
        {
            var answers = new Dictionary<string, SurveyAnswer>(survey.Questions.Count, StringComparer.Ordinal);
            foreach (var question in survey.Questions)
            {
                var skip = question.Kind == QuestionKind.Text ? 0.8 : 0.12;
                if (!question.Required && random.NextDouble() < skip)
                {
                    continue;
                }

                answers[question.Id] = Answer(question, random, staff);
            }

            // A response needs at least one answer; a survey of optional questions still gets its first answered.
            if (answers.Count == 0 && survey.Questions.Count > 0)
            {
                answers[survey.Questions[0].Id] = Answer(survey.Questions[0], random, staff);
            }

            return answers;
        }

        private static SurveyAnswer Answer(SurveyQuestion question, Random random, Staff staff) => question.Kind switch
        {
            QuestionKind.Likert5 => new LikertAnswer(Likert(staff.LikertChances[question.Id], random)),
            QuestionKind.Scale0To10 => new ScaleAnswer((int)Math.Clamp(Math.Round(7.3 + (staff.Mood * 1.5) + (random.Normal() * 2.1)), 0, ScaleAnswer.Top)),
            QuestionKind.SingleChoice => new SingleChoiceAnswer(Weighted(question.Options ?? [], random)),
            QuestionKind.MultiChoice => new MultiChoiceAnswer(Several(question.Options ?? [], random)),
            QuestionKind.Text => new TextAnswer(Text(question, random)),
            _ => throw new InvalidOperationException($"Unknown question kind {question.Kind}."),
        };

        private double[] LikertChances(SurveyQuestion question, double mood)
        {
            // Each question leans a little of its own way, so themes and questions score differently.
            var lean = mood + ((SampleRandom.Fixed(seed, "question", survey.Id, question.Id) - 0.5) * 0.8);
            var shifted = LikertWeights.Select((weight, index) => weight * Math.Exp(lean * (index - 2) * 0.5)).ToArray();
            var total = shifted.Sum();
            return [.. shifted.Select(weight => weight / total)];
        }

        private static int Likert(double[] chances, Random random)
        {
            var draw = random.NextDouble();
            for (var index = 0; index < chances.Length; index++)
            {
                draw -= chances[index];
                if (draw < 0)
                {
                    return LikertAnswer.StronglyDisagree + index;
                }
            }

            return LikertAnswer.StronglyAgree;
        }

        private static string Weighted(IReadOnlyList<string> options, Random random)
        {
            // Earlier options are commoner (the first is usually "Yes" or the largest staff group): weights 1, 1/2, 1/3, …
            var total = 0d;
            for (var index = 0; index < options.Count; index++)
            {
                total += 1d / (index + 1);
            }

            var draw = random.NextDouble() * total;
            for (var index = 0; index < options.Count; index++)
            {
                draw -= 1d / (index + 1);
                if (draw < 0)
                {
                    return options[index];
                }
            }

            return options[^1];
        }

        private static List<string> Several(IReadOnlyList<string> options, Random random)
        {
            var chosen = new List<string>(options.Count);
            for (var index = 0; index < options.Count; index++)
            {
                if (random.NextDouble() < 0.55 - (index * 0.07))
                {
                    chosen.Add(options[index]);
                }
            }

            if (chosen.Count == 0 && options.Count > 0)
            {
                chosen.Add(random.Pick(options));
            }

            return chosen;
        }

        private static string Text(SurveyQuestion question, Random random)
        {
            var text = random.Pick(FreeText);
            var limit = question.MaxLength ?? TextAnswer.DefaultMaxLength;
            return text.Length <= limit ? text : text[..limit];
        }
    }
}
