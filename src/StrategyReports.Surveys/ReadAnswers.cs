using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace StrategyReports.Surveys;

/// <summary>
/// A stored response's answers as read back for counting: its question ids, in the order they were stored, and
/// its answers beside them. Lookups compare ids one by one, which for the few questions a pulse survey asks is
/// as quick as hashing.
/// </summary>
/// <remarks>
/// A rollup holds 100,000 responses at once. A dictionary per response costs a few hundred bytes; this costs the
/// answers array, and responses that answered the same questions share one array of ids, so a 512 MiB instance
/// holds them with room to spare and the garbage collector has far less to trace.
/// </remarks>
public sealed class ReadAnswers : IReadOnlyDictionary<string, SurveyAnswer>
{
    private readonly string[] _questionIds;
    private readonly SurveyAnswer[] _answers;

    /// <param name="questionIds">The question ids, all different; may be shared with other responses, so never changed.</param>
    /// <param name="answers">The answer to each question id in turn.</param>
    public ReadAnswers(string[] questionIds, SurveyAnswer[] answers)
    {
        ArgumentNullException.ThrowIfNull(questionIds);
        ArgumentNullException.ThrowIfNull(answers);
        if (questionIds.Length != answers.Length)
        {
            throw new ArgumentException("Every question id needs exactly one answer.", nameof(answers));
        }

        // Checked pair by pair: a response answers a few questions, and a set per response would cost more than the check.
        for (var i = 1; i < questionIds.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(questionIds[i], questionIds[j], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Question '{questionIds[i]}' is answered twice.", nameof(questionIds));
                }
            }
        }

        _questionIds = questionIds;
        _answers = answers;
    }

    public int Count => _answers.Length;

    public IEnumerable<string> Keys => Array.AsReadOnly(_questionIds);

    public IEnumerable<SurveyAnswer> Values => Array.AsReadOnly(_answers);

    public SurveyAnswer this[string key] => TryGetValue(key, out var answer) ? answer : throw new KeyNotFoundException($"No answer to question '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out SurveyAnswer value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _answers[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, SurveyAnswer>> GetEnumerator()
    {
        for (var i = 0; i < _answers.Length; i++)
        {
            yield return new(_questionIds[i], _answers[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _questionIds.Length; i++)
        {
            if (string.Equals(_questionIds[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
