using System.Collections;

namespace StrategyReports.Domain.Strategies;

/// <summary>
/// An immutable list compared by its items, so that records holding lists (a strategy and its
/// parts) are equal when their contents are: a strategy read back from its canonical JSON equals
/// the one written. The document reader builds every list of a <see cref="Strategy"/> this way;
/// code that builds a strategy by hand should too if it compares strategies.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}

/// <summary>An immutable dictionary compared by its entries, for the same reason as <see cref="ValueList{T}"/>.</summary>
public sealed class ValueMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>, IEquatable<ValueMap<TKey, TValue>>
    where TKey : notnull
{
    private readonly SortedDictionary<TKey, TValue> _entries;

    public ValueMap(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new SortedDictionary<TKey, TValue>(entries.ToDictionary());
    }

    public TValue this[TKey key] => _entries[key];

    public IEnumerable<TKey> Keys => _entries.Keys;

    public IEnumerable<TValue> Values => _entries.Values;

    public int Count => _entries.Count;

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    /// <summary>Entries in key order.</summary>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<TKey, TValue>? other) =>
        other is not null && other.Count == Count && _entries.All(entry =>
            other._entries.TryGetValue(entry.Key, out var value) && EqualityComparer<TValue>.Default.Equals(entry.Value, value));

    public override bool Equals(object? obj) => Equals(obj as ValueMap<TKey, TValue>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _entries)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
