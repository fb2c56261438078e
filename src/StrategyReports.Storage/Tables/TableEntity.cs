using System.Collections;
using Azure;

namespace StrategyReports.Storage.Tables;

/// <summary>
/// One table row as a property bag: <see cref="PartitionKey"/>, <see cref="RowKey"/>, the service's
/// <see cref="ETag"/> and <see cref="Timestamp"/>, and typed properties (string, bool, int, long, double,
/// <see cref="DateTimeOffset"/>, <see cref="Guid"/>, byte[]/<see cref="BinaryData"/>).
/// </summary>
public sealed class TableEntity : IDictionary<string, object>
{
    internal const string PartitionKeyName = "PartitionKey";
    internal const string RowKeyName = "RowKey";
    internal const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object> _properties;

    public TableEntity()
    {
        _properties = new Dictionary<string, object>(StringComparer.Ordinal);
    }

    public TableEntity(string partitionKey, string rowKey)
        : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Sized for <paramref name="capacity"/> properties, as rows read from a page are.</summary>
    internal TableEntity(int capacity)
    {
        _properties = new Dictionary<string, object>(capacity, StringComparer.Ordinal);
    }

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    /// <summary>The version the service last reported; pass it to updates to detect concurrent changes.</summary>
    public ETag ETag { get; set; }

    /// <summary>When the service last wrote the entity; set by the service, ignored on writes.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

    /// <summary>A property by name; setting null removes it (the service has no typed null).</summary>
    public object this[string key]
    {
        get => _properties[key];
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            if (value is null)
            {
                _properties.Remove(key);
            }
            else
            {
                _properties[key] = value;
            }
        }
    }

    public void Add(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _properties.Add(key, value);
    }

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) =>
        _properties.TryGetValue(key, out value);

    public string? GetString(string key) => Get(key, v => v as string);

    public bool? GetBoolean(string key) => Get<bool?>(key, v => v is bool b ? b : null);

    public int? GetInt32(string key) => Get<int?>(key, v => v is int i ? i : null);

    public long? GetInt64(string key) => Get<long?>(key, v => v switch
    {
        long l => l,
        int i => i,
        _ => null,
    });

    public double? GetDouble(string key) => Get<double?>(key, v => v switch
    {
        double d => d,
        int i => i,
        _ => null,
    });

    public DateTimeOffset? GetDateTimeOffset(string key) => Get<DateTimeOffset?>(key, v => v switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d),
        _ => null,
    });

    public Guid? GetGuid(string key) => Get<Guid?>(key, v => v is Guid g ? g : null);

    public BinaryData? GetBinaryData(string key) => Get(key, v => v switch
    {
        BinaryData b => b,
        byte[] bytes => new BinaryData(bytes),
        _ => null,
    });

    public byte[]? GetBinary(string key) => GetBinaryData(key)?.ToArray();

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    public void Clear() => _properties.Clear();

    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Remove(item);

    private T? Get<T>(string key, Func<object, T?> convert)
    {
        if (!_properties.TryGetValue(key, out var value))
        {
            return default;
        }

        return convert(value) ?? throw new InvalidOperationException(
            $"Property '{key}' of entity ({PartitionKey}, {RowKey}) holds a {value.GetType().Name}, not a {Nullable.GetUnderlyingType(typeof(T))?.Name ?? typeof(T).Name}.");
    }
}

/// <summary>How a write combines with an existing entity.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep properties the write does not mention.</summary>
    Merge,

    /// <summary>The entity becomes exactly what is written.</summary>
    Replace,
}

/// <summary>The operation of one action in an entity group transaction.</summary>
public enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    UpsertMerge,
    UpsertReplace,
    Delete,
}

/// <summary>One action in an entity group transaction; <paramref name="ETag"/> guards updates and deletes (default: any).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
