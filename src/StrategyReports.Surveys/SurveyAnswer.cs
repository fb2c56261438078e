using System.Text.Json.Serialization;

namespace StrategyReports.Surveys;

/// <summary>
/// One validated answer to one question. Each kind of question has its own answer type, so a
/// stored answer says what it is without the survey definition at hand.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = KindProperty)]
[JsonDerivedType(typeof(LikertAnswer), LikertTag)]
[JsonDerivedType(typeof(ScaleAnswer), ScaleTag)]
[JsonDerivedType(typeof(SingleChoiceAnswer), SingleChoiceTag)]
[JsonDerivedType(typeof(MultiChoiceAnswer), MultiChoiceTag)]
[JsonDerivedType(typeof(TextAnswer), TextTag)]
public abstract record SurveyAnswer
{
    /// <summary>The stored form's property that tags an answer with its kind, and the tags: read by hand where the serializer is too slow.</summary>
    public const string KindProperty = "kind";

    public const string LikertTag = "likert5";
    public const string ScaleTag = "scale0to10";
    public const string SingleChoiceTag = "single-choice";
    public const string MultiChoiceTag = "multi-choice";
    public const string TextTag = "text";

    private protected SurveyAnswer(QuestionKind kind) => Kind = kind;

    /// <summary>The kind of question this answers; stored as the <c>kind</c> tag.</summary>
    [JsonIgnore]
    public QuestionKind Kind { get; }
}

/// <summary>An answer to a <see cref="QuestionKind.Likert5"/> question: 1 (strongly disagree) to 5 (strongly agree).</summary>
public sealed record LikertAnswer(int Value) : SurveyAnswer(QuestionKind.Likert5)
{
    /// <summary>The lowest value, strongly disagree.</summary>
    public const int StronglyDisagree = 1;

    /// <summary>The highest value, strongly agree.</summary>
    public const int StronglyAgree = 5;
}

/// <summary>An answer to a <see cref="QuestionKind.Scale0To10"/> question: a whole number from 0 to 10.</summary>
public sealed record ScaleAnswer(int Value) : SurveyAnswer(QuestionKind.Scale0To10)
{
    /// <summary>The highest value on the scale.</summary>
    public const int Top = 10;
}

/// <summary>An answer to a <see cref="QuestionKind.SingleChoice"/> question: one of the offered options.</summary>
public sealed record SingleChoiceAnswer(string Option) : SurveyAnswer(QuestionKind.SingleChoice);

/// <summary>An answer to a <see cref="QuestionKind.MultiChoice"/> question: one or more different offered options.</summary>
public sealed record MultiChoiceAnswer(IReadOnlyList<string> Options) : SurveyAnswer(QuestionKind.MultiChoice)
{
    /// <summary>Equal when the same options were chosen in the same order, as other answers compare by value.</summary>
    public bool Equals(MultiChoiceAnswer? other) =>
        other is not null && Options.SequenceEqual(other.Options, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var option in Options)
        {
            hash.Add(option, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}

/// <summary>An answer to a <see cref="QuestionKind.Text"/> question, exactly as written.</summary>
public sealed record TextAnswer(string Text) : SurveyAnswer(QuestionKind.Text)
{
    /// <summary>The longest text accepted when the question sets no <see cref="SurveyQuestion.MaxLength"/>.</summary>
    public const int DefaultMaxLength = 2000;
}
