using System.Buffers;
using System.Globalization;
using Azure.Data.Tables;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;

namespace StrategyReports.Functions.Storage;

/// <summary>
/// The Table service's documented limits, checked before anything is sent: an entity that breaks one
/// is refused as a 422 naming the field it came from, instead of a bare 400 from the service after
/// other writes of the same request may already have happened.
/// </summary>
public static class TableLimits
{
    /// <summary>Keys may be up to 1 KiB; the service counts UTF-16, so 512 characters.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Properties besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;

    /// <summary>String properties may be up to 64 KiB of UTF-16, so 32,768 characters.</summary>
    public const int MaxStringLength = 32 * 1024;

    public const int MaxBinaryLength = 64 * 1024;

    public const int MaxPropertyNameLength = 255;

    /// <summary>Entity size as the service computes it (UTF-16 names and strings plus per-value overheads).</summary>
    public const int MaxEntitySize = 1024 * 1024;

    /// <summary>Operations in one entity group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>The field named when a rule is broken by the entity as a whole rather than one property.</summary>
    public const string EntityField = "entity";

    private static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SearchValues<char> ForbiddenKeyCharacters = SearchValues.Create("/\\#?");

    /// <summary>What is wrong with a key, or null when the Table service accepts it.</summary>
    public static string? KeyProblem(string? key)
    {
        if (key is null)
        {
            return "A key is required.";
        }

        if (key.Length > MaxKeyLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"It is {Formatting.Count(key.Length)} characters long; storage keys may be at most {MaxKeyLength} (1 KiB).");
        }

        var bad = key.AsSpan().IndexOfAny(ForbiddenKeyCharacters);
        if (bad < 0)
        {
            bad = key.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        }

        if (bad < 0)
        {
            bad = key.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }

        return bad < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"It contains the character U+{(int)key[bad]:X4} at position {bad}; storage keys may not contain '/', '\\', '#', '?' or control characters.");
    }

    /// <summary>The first rule <paramref name="entity"/> breaks, as the property it is about and a message; null when it fits.</summary>
    public static (string Property, string Message)? Problem(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (KeyProblem(entity.PartitionKey) is { } partitionKeyProblem)
        {
            return (nameof(entity.PartitionKey), partitionKeyProblem);
        }

        if (KeyProblem(entity.RowKey) is { } rowKeyProblem)
        {
            return (nameof(entity.RowKey), rowKeyProblem);
        }

        var properties = entity.Where(pair => !IsSystemProperty(pair.Key)).ToList();
        if (properties.Count > MaxCustomProperties)
        {
            return (EntityField, $"It has {properties.Count} properties; storage allows at most {MaxCustomProperties} besides the keys and timestamp.");
        }

        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2L);
        foreach (var (name, value) in properties)
        {
            if (name.Length > MaxPropertyNameLength || name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                return (name, $"The property name is reserved or longer than {MaxPropertyNameLength} characters.");
            }

            if (value is null)
            {
                continue;
            }

            var (valueSize, problem) = ValueSize(value);
            if (problem is not null)
            {
                return (name, problem);
            }

            size += 8 + (name.Length * 2L) + valueSize;
        }

        return size > MaxEntitySize
            ? (EntityField, $"It is {Formatting.Count(size)} bytes as storage counts them; an entity may be at most 1 MiB ({Formatting.Count(MaxEntitySize)}).")
            : null;
    }

    /// <summary>
    /// Refuses <paramref name="entity"/> with a 422 when it breaks a limit, naming the request field the
    /// offending property holds (from <paramref name="fields"/>, else the property's own name).
    /// </summary>
    /// <exception cref="ValidationFailedException">The entity cannot be stored, naming the field.</exception>
    public static void Require(TableEntity entity, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (Problem(entity) is var (property, message))
        {
            var field = fields is not null && fields.TryGetValue(property, out var mapped) ? mapped : property;
            throw new ValidationFailedException(field, message);
        }
    }

    private static bool IsSystemProperty(string name) =>
        name is nameof(TableEntity.PartitionKey) or nameof(TableEntity.RowKey) or nameof(TableEntity.Timestamp) or "odata.etag";

    private static (long Size, string? Problem) ValueSize(object value) => value switch
    {
        string s when s.Length > MaxStringLength =>
            (0, $"It is {Formatting.Count(s.Length)} characters; storage holds at most {Formatting.Count(MaxStringLength)} (64 KiB) in one text property."),
        string s => (4 + (s.Length * 2L), null),
        byte[] b => BinarySize(b.Length),
        BinaryData b => BinarySize(b.ToMemory().Length),
        bool => (1, null),
        int => (4, null),
        long or double => (8, null),
        Guid => (16, null),
        DateTimeOffset d when d < MinDateTime => (0, "Storage holds dates from 1601-01-01 UTC onwards."),
        DateTimeOffset => (8, null),
        DateTime d => ValueSize(new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d)),
        _ => (0, $"A {value.GetType().Name} cannot be stored; storage holds text, yes/no, whole and decimal numbers, dates, GUIDs and binary."),
    };

    private static (long Size, string? Problem) BinarySize(int length) => length > MaxBinaryLength
        ? (0, $"It is {Formatting.Count(length)} bytes; storage holds at most {Formatting.Count(MaxBinaryLength)} (64 KiB) in one binary property.")
        : (4 + length, null);
}
