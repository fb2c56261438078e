using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace StrategyReports.Storage.Tables;

/// <summary>Entities to and from the Table service's JSON, with <c>@odata.type</c> annotations for types JSON cannot carry.</summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString(TableEntity.PartitionKeyName, entity.PartitionKey);
        writer.WriteString(TableEntity.RowKeyName, entity.RowKey);
        foreach (var (name, value) in entity)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    public static BinaryData ToJson(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    /// <summary>Reads the entities of a query page (<c>{"value": [...]}</c>) in one forward pass.</summary>
    public static List<TableEntity> ReadPage(ReadOnlySpan<byte> json)
    {
        var entities = new List<TableEntity>();
        var reader = new Utf8JsonReader(json);
        var names = new PropertyNames();
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            Expect(reader.TokenType == JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                entities.Add(ReadEntity(ref reader, names));
            }
        }

        return entities;
    }

    /// <summary>Reads one entity document, as a point read returns it.</summary>
    public static TableEntity Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        return ReadEntity(ref reader, new PropertyNames());
    }

    // The reader sits on the entity's StartObject and is left on its EndObject. The services write a
    // property's annotation before its value; an annotation that comes after converts the value read earlier.
    private static TableEntity ReadEntity(ref Utf8JsonReader reader, PropertyNames names)
    {
        var entity = new TableEntity(names.LastCount);
        names.StartEntity();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("PartitionKey"u8))
            {
                reader.Read();
                entity.PartitionKey = reader.GetString() ?? string.Empty;
            }
            else if (reader.ValueTextEquals("RowKey"u8))
            {
                reader.Read();
                entity.RowKey = reader.GetString() ?? string.Empty;
            }
            else if (reader.ValueTextEquals("Timestamp"u8))
            {
                reader.Read();
                entity.Timestamp = ReadDateTime(ref reader);
            }
            else if (reader.ValueTextEquals("odata.etag"u8))
            {
                reader.Read();
                entity.ETag = new ETag(reader.GetString()!);
            }
            else
            {
                var (name, annotated) = names.Next(ref reader);
                reader.Read();
                if (annotated is not null)
                {
                    var type = reader.GetString() ?? string.Empty;
                    names.Types[annotated] = type;
                    if (annotated != TableEntity.TimestampName && entity.TryGetValue(annotated, out var early))
                    {
                        entity[annotated] = Convert(early, type);
                    }
                }
                else if (name.StartsWith("odata.", StringComparison.Ordinal) || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                }
                else
                {
                    entity[name] = ReadValue(ref reader, names.Types.GetValueOrDefault(name));
                }
            }
        }

        names.EndEntity(entity.Count);
        return entity;
    }

    private static object ReadValue(ref Utf8JsonReader reader, string? type)
    {
        switch (type)
        {
            case "Edm.Int64":
                return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : long.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Int32":
                return reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : int.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Double":
                return reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : ParseDouble(reader.GetString()!);
            case "Edm.DateTime":
                return ReadDateTime(ref reader);
            case "Edm.Guid":
                return reader.TryGetGuid(out var guid) ? guid : Guid.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case "Edm.Binary":
                return new BinaryData(reader.GetBytesFromBase64());
            case "Edm.Boolean":
                return reader.GetBoolean();
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                // Without an annotation the service means Int32 for whole numbers and Double otherwise.
                return reader.ValueSpan.IndexOfAny(".eE"u8) < 0 && reader.TryGetInt32(out var i) ? i : (object)reader.GetDouble();
            default:
                using (var unexpected = JsonDocument.ParseValue(ref reader))
                {
                    return unexpected.RootElement.GetRawText();
                }
        }
    }

    private static DateTimeOffset ReadDateTime(ref Utf8JsonReader reader) =>
        reader.TryGetDateTimeOffset(out var value)
            ? value
            : DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static object Convert(object value, string type) => (type, value) switch
    {
        ("Edm.Int64", string s) => long.Parse(s, CultureInfo.InvariantCulture),
        ("Edm.Int64", int i) => (long)i,
        ("Edm.Double", string s) => ParseDouble(s),
        ("Edm.Double", int i) => (double)i,
        ("Edm.DateTime", string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        ("Edm.Guid", string s) => Guid.Parse(s, CultureInfo.InvariantCulture),
        ("Edm.Binary", string s) => new BinaryData(System.Convert.FromBase64String(s)),
        _ => value,
    };

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new JsonException("The Table service's answer is not the JSON shape it documents.");
        }
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset d:
                writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                writer.WriteString(name, d.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case DateTime d:
                WriteProperty(writer, name, new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d));
                break;
            case Guid g:
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            case BinaryData data:
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                writer.WriteBase64String(name, data.ToMemory().Span);
                break;
            default:
                throw new ArgumentException($"Property '{name}' is a {value.GetType().Name}, which the Table service cannot store.", nameof(value));
        }
    }

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Property names of the entities on one page. Rows of a table nearly always share their shape, so each
    /// name is compared with the one at the same position in the previous row and reused instead of allocated.
    /// </summary>
    private sealed class PropertyNames
    {
        private readonly List<(string Name, string? Annotated)> _names = [];
        private int _position;

        /// <summary>The annotations (<c>@odata.type</c>) seen in the current entity, by the property they type.</summary>
        public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

        /// <summary>How many properties the previous entity had, to size the next one.</summary>
        public int LastCount { get; private set; }

        public void StartEntity()
        {
            _position = 0;
            Types.Clear();
        }

        public void EndEntity(int count) => LastCount = count;

        /// <summary>The current property name and, for an annotation, the name of the property it types.</summary>
        public (string Name, string? Annotated) Next(ref Utf8JsonReader reader)
        {
            if (_position < _names.Count && reader.ValueTextEquals(_names[_position].Name))
            {
                return _names[_position++];
            }

            var name = reader.GetString()!;
            var entry = (name, name.EndsWith(TypeSuffix, StringComparison.Ordinal) ? name[..^TypeSuffix.Length] : null);
            if (_position < _names.Count)
            {
                _names[_position] = entry;
            }
            else
            {
                _names.Add(entry);
            }

            _position++;
            return entry;
        }
    }
}
