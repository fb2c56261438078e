using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// Reads the responses out of stored survey-response rows, in the JSON <see cref="SurveyResponse.ToJson"/> and
/// <see cref="SurveyResponseStore"/> write, with one <see cref="Utf8JsonReader"/> pass per row.
/// </summary>
/// <remarks>
/// A rollup of a large partnership reads 100,000 responses, and parsing them was most of its processor time:
/// the serializer buffers each answer to find its <c>kind</c> tag, and the answers were copied into a second
/// dictionary to share their values. This reader builds each response once, already sharing what responses
/// read together repeat (survey, partner and question ids, the answers on a scale and the chosen options),
/// which keeps a rollup's responses tens of megabytes smaller on a 512 MiB Functions instance. One reader
/// serves one read, so what it shares is dropped with the read.
/// </remarks>
internal sealed class SurveyBatchReader
{
    private const int StackChars = 256;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<(QuestionKind Kind, int Value), SurveyAnswer> _numbers = [];
    private readonly Dictionary<string, SingleChoiceAnswer> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string[], string[]> _questionSets = new(SameStrings.Instance);
    private readonly List<string> _questionIds = [];
    private readonly List<SurveyAnswer> _answers = [];

    /// <summary>The responses one stored row holds: a batch's, or the one of a row of the earlier layout.</summary>
    /// <exception cref="InvalidDataException">The row holds no responses in the stored form.</exception>
    public IReadOnlyList<(string Id, SurveyResponse Response, bool Held)> Read(TableEntity row, string batchPart)
    {
        ArgumentNullException.ThrowIfNull(row);

        // Told apart by what they hold, not their key: a row of the earlier layout is keyed by a random id, which
        // starts with the batch prefix one time in sixteen.
        if (row.GetString("Response") is { } single)
        {
            return Parse(single, row, (ref reader) => [(row.RowKey, ReadResponse(ref reader), row.GetBoolean("Held") == true)]);
        }

        // A response too long for one property was cut across several, possibly inside a character pair, so the parts join up as text first.
        var first = row.GetString($"{batchPart}0") ?? throw Malformed(row, "holds no responses");
        var text = first;
        if (row.GetString($"{batchPart}1") is not null)
        {
            var joined = new StringBuilder(first);
            for (var index = 1; row.GetString($"{batchPart}{index}") is { } part; index++)
            {
                joined.Append(part);
            }

            text = joined.ToString();
        }

        return Parse(text, row, ReadBatch);
    }

    private delegate List<(string Id, SurveyResponse Response, bool Held)> RowParser(ref Utf8JsonReader reader);

    private static List<(string Id, SurveyResponse Response, bool Held)> Parse(string text, TableEntity row, RowParser parse)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(0, Encoding.UTF8.GetBytes(text, bytes)), new JsonReaderOptions { MaxDepth = 8 });
            reader.Read();
            var items = parse(ref reader);

            // One value to a row: the reader itself refuses anything after it.
            reader.Read();
            return items;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw Malformed(row, $"is not in the stored form ({exception.Message})");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private List<(string Id, SurveyResponse Response, bool Held)> ReadBatch(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var items = new List<(string Id, SurveyResponse Response, bool Held)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            string? id = null;
            SurveyResponse? response = null;
            var held = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.GetString();
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    response = ReadResponse(ref reader);
                }
                else if (reader.ValueTextEquals("held"u8))
                {
                    reader.Read();
                    held = reader.GetBoolean();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            items.Add((id ?? throw new JsonException("A batch item has no id."), response ?? throw new JsonException("A batch item has no response."), held));
        }

        return items;
    }

    private SurveyResponse ReadResponse(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? surveyId = null;
        string? partnerId = null;
        DateOnly? day = null;
        ReadAnswers? answers = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("surveyId"u8))
            {
                reader.Read();
                surveyId = Shared(ref reader);
            }
            else if (reader.ValueTextEquals("partnerId"u8))
            {
                reader.Read();
                partnerId = Shared(ref reader);
            }
            else if (reader.ValueTextEquals("day"u8))
            {
                reader.Read();
                day = DateOnly.ParseExact(reader.GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (reader.ValueTextEquals("answers"u8))
            {
                reader.Read();
                answers = ReadAnswers(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new SurveyResponse(
            surveyId ?? throw new JsonException("A response has no surveyId."),
            partnerId ?? throw new JsonException("A response has no partnerId."),
            day ?? throw new JsonException("A response has no day."),
            answers ?? throw new JsonException("A response has no answers."));
    }

    // Responses that answered the same questions share one array of their ids. A question repeated in the text
    // keeps its last answer, as the serializer read it.
    private ReadAnswers ReadAnswers(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        _questionIds.Clear();
        _answers.Clear();
        while (NextProperty(ref reader))
        {
            var questionId = Shared(ref reader);
            reader.Read();
            var answer = ReadAnswer(ref reader);
            var repeated = _questionIds.IndexOf(questionId);
            if (repeated >= 0)
            {
                _answers[repeated] = answer;
                continue;
            }

            _questionIds.Add(questionId);
            _answers.Add(answer);
        }

        return new ReadAnswers(Once(_questionSets, [.. _questionIds], static ids => ids), [.. _answers]);
    }

    // The kind tag is written first, but the stored form has always allowed it anywhere in the answer.
    private SurveyAnswer ReadAnswer(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        QuestionKind? kind = null;
        int? value = null;
        string? text = null;
        List<string>? options = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(SurveyAnswer.KindProperty))
            {
                reader.Read();
                kind = KindOf(ref reader);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                value = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("option"u8))
            {
                reader.Read();
                text = Shared(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else if (reader.ValueTextEquals("options"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                options = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    options.Add(Shared(ref reader));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return kind switch
        {
            QuestionKind.Likert5 or QuestionKind.Scale0To10 => Number(kind.Value, value ?? throw new JsonException($"A {kind} answer has no value.")),
            QuestionKind.SingleChoice => Choice(text ?? throw new JsonException("A single-choice answer has no option.")),
            QuestionKind.MultiChoice => new MultiChoiceAnswer(options ?? throw new JsonException("A multi-choice answer has no options.")),
            QuestionKind.Text => new TextAnswer(text ?? throw new JsonException("A text answer has no text.")),
            _ => throw new JsonException("An answer has no kind."),
        };
    }

    private static QuestionKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals(SurveyAnswer.LikertTag) ? QuestionKind.Likert5
        : reader.ValueTextEquals(SurveyAnswer.ScaleTag) ? QuestionKind.Scale0To10
        : reader.ValueTextEquals(SurveyAnswer.SingleChoiceTag) ? QuestionKind.SingleChoice
        : reader.ValueTextEquals(SurveyAnswer.MultiChoiceTag) ? QuestionKind.MultiChoice
        : reader.ValueTextEquals(SurveyAnswer.TextTag) ? QuestionKind.Text
        : throw new JsonException($"An answer has an unknown kind '{reader.GetString()}'.");

    private SurveyAnswer Number(QuestionKind kind, int value) =>
        Once(_numbers, (Kind: kind, Value: value), static key => key.Kind == QuestionKind.Likert5 ? new LikertAnswer(key.Value) : new ScaleAnswer(key.Value));

    private SingleChoiceAnswer Choice(string option) => Once(_choices, option, static key => new SingleChoiceAnswer(key));

    // The instance kept for a key, made the first time it is asked for.
    private static TValue Once<TKey, TValue>(Dictionary<TKey, TValue> kept, TKey key, Func<TKey, TValue> make)
        where TKey : notnull
    {
        ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(kept, key, out var found);
        if (!found)
        {
            value = make(key);
        }

        return value!;
    }

    // The one instance of a string value or property name; looked up from the characters, so a repeat allocates nothing.
    private string Shared(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw new JsonException($"Expected text, found {reader.TokenType}.");
        }

        var length = reader.ValueSpan.Length;
        if (length > StackChars)
        {
            return Once(_strings, reader.GetString()!, static text => text);
        }

        Span<char> buffer = stackalloc char[StackChars];
        var chars = buffer[..reader.CopyString(buffer)];
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(chars, out var shared))
        {
            shared = new string(chars);
            _strings[shared] = shared;
        }

        return shared;
    }

    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        Expect(ref reader, JsonTokenType.PropertyName);
        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token}, found {reader.TokenType}.");
        }
    }

    private static InvalidDataException Malformed(TableEntity row, string what) =>
        new($"The stored survey-response row {row.RowKey} {what}.");

    /// <summary>Arrays of the same strings in the same order: the ids are shared instances, so they compare by reference.</summary>
    private sealed class SameStrings : IEqualityComparer<string[]>
    {
        public static readonly SameStrings Instance = new();

        public bool Equals(string[]? x, string[]? y) =>
            x is not null && y is not null && x.AsSpan().SequenceEqual(y, ReferenceEqualityComparer.Instance);

        public int GetHashCode(string[] obj)
        {
            var hash = new HashCode();
            foreach (var text in obj)
            {
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(text));
            }

            return hash.ToHashCode();
        }
    }
}
