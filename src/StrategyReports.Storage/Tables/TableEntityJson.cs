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
            var name = names.Next(ref reader);
            reader.Read();
            switch (name.Kind)
            {
                case PropertyKind.PartitionKey:
                    entity.PartitionKey = reader.GetString() ?? string.Empty;
                    break;
                case PropertyKind.RowKey:
                    entity.RowKey = reader.GetString() ?? string.Empty;
                    break;
                case PropertyKind.Timestamp:
                    entity.Timestamp = ReadDateTime(ref reader);
                    break;
                case PropertyKind.ETag:
                    entity.ETag = new ETag(reader.GetString()!);
                    break;
                case PropertyKind.Annotation:
                    var type = ReadEdmType(ref reader);
                    names.Annotate(name.Target!, type);
                    if (entity.TryGetValue(name.Target!, out var early))
                    {
                        entity[name.Target!] = Convert(early, type);
                    }

                    break;
                case PropertyKind.Value when reader.TokenType != JsonTokenType.Null:
                    entity[name.Text] = ReadValue(ref reader, names.TypeOf(name.Text));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        names.EndEntity(entity.Count);
        return entity;
    }

    private static EdmType ReadEdmType(ref Utf8JsonReader reader)
    {
        var text = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        return text switch
        {
            _ when text.SequenceEqual("Edm.Int64"u8) => EdmType.Int64,
            _ when text.SequenceEqual("Edm.DateTime"u8) => EdmType.DateTime,
            _ when text.SequenceEqual("Edm.Double"u8) => EdmType.Double,
            _ when text.SequenceEqual("Edm.Guid"u8) => EdmType.Guid,
            _ when text.SequenceEqual("Edm.Binary"u8) => EdmType.Binary,
            _ when text.SequenceEqual("Edm.Int32"u8) => EdmType.Int32,
            _ when text.SequenceEqual("Edm.Boolean"u8) => EdmType.Boolean,
            _ => EdmType.Inferred,
        };
    }

    private static object ReadValue(ref Utf8JsonReader reader, EdmType type)
    {
        switch (type)
        {
            case EdmType.Int64:
                return reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : long.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case EdmType.Int32:
                return reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : int.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case EdmType.Double:
                return reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : ParseDouble(reader.GetString()!);
            case EdmType.DateTime:
                return ReadDateTime(ref reader);
            case EdmType.Guid:
                return reader.TryGetGuid(out var guid) ? guid : Guid.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            case EdmType.Binary:
                return new BinaryData(reader.GetBytesFromBase64());
            case EdmType.Boolean:
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

    private static object Convert(object value, EdmType type) => (type, value) switch
    {
        (EdmType.Int64, string s) => long.Parse(s, CultureInfo.InvariantCulture),
        (EdmType.Int64, int i) => (long)i,
        (EdmType.Double, string s) => ParseDouble(s),
        (EdmType.Double, int i) => (double)i,
        (EdmType.DateTime, string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        (EdmType.Guid, string s) => Guid.Parse(s, CultureInfo.InvariantCulture),
        (EdmType.Binary, string s) => new BinaryData(System.Convert.FromBase64String(s)),
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

    private enum EdmType
    {
        Inferred,
        Int32,
        Int64,
        Double,
        DateTime,
        Guid,
        Binary,
        Boolean,
    }

    private enum PropertyKind
    {
        Value,
        PartitionKey,
        RowKey,
        Timestamp,
        ETag,
        Annotation,
        OtherMetadata,
    }

    /// <summary>A property name as met on the wire, classified once.</summary>
    private sealed record PropertyName(string Text, byte[] Utf8, PropertyKind Kind, string? Target);

    /// <summary>
    /// Property names of the entities on one page, and the annotations of the current entity. Rows of a
    /// table nearly always share their shape, so each name is compared, as raw UTF-8, with the one at the
    /// same position in the previous row and reused instead of being decoded and classified again.
    /// </summary>
    private sealed class PropertyNames
    {
        private readonly List<PropertyName> _names = [];
        private readonly List<(string Target, EdmType Type)> _annotations = [];
        private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
        private int _position;

        /// <summary>How many properties the previous entity had, to size the next one.</summary>
        public int LastCount { get; private set; }

        public void StartEntity()
        {
            _position = 0;
            _annotations.Clear();
        }

        public void EndEntity(int count) => LastCount = count;

        public void Annotate(string target, EdmType type) => _annotations.Add((target, type));

        public EdmType TypeOf(string property)
        {
            foreach (var (target, type) in _annotations)
            {
                if (ReferenceEquals(target, property) || string.Equals(target, property, StringComparison.Ordinal))
                {
                    return type;
                }
            }

            return EdmType.Inferred;
        }

        public PropertyName Next(ref Utf8JsonReader reader)
        {
            if (_position < _names.Count)
            {
                var cached = _names[_position];
                if (reader.ValueIsEscaped ? reader.ValueTextEquals(cached.Text) : reader.ValueSpan.SequenceEqual(cached.Utf8))
                {
                    _position++;
                    return cached;
                }
            }

            var name = Classify(Intern(reader.GetString()!));
            if (_position < _names.Count)
            {
                _names[_position] = name;
            }
            else
            {
                _names.Add(name);
            }

            _position++;
            return name;
        }

        // One instance per name, so an annotation's target and its property compare by reference.
        private string Intern(string text)
        {
            if (_interned.TryGetValue(text, out var known))
            {
                return known;
            }

            _interned.Add(text, text);
            return text;
        }

        private PropertyName Classify(string text)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            return text switch
            {
                TableEntity.PartitionKeyName => new PropertyName(text, utf8, PropertyKind.PartitionKey, null),
                TableEntity.RowKeyName => new PropertyName(text, utf8, PropertyKind.RowKey, null),
                TableEntity.TimestampName => new PropertyName(text, utf8, PropertyKind.Timestamp, null),
                "odata.etag" => new PropertyName(text, utf8, PropertyKind.ETag, null),
                // The Timestamp's own annotation says nothing the reader does not already know.
                _ when text == TableEntity.TimestampName + TypeSuffix || text.StartsWith("odata.", StringComparison.Ordinal) =>
                    new PropertyName(text, utf8, PropertyKind.OtherMetadata, null),
                _ when text.EndsWith(TypeSuffix, StringComparison.Ordinal) => new PropertyName(text, utf8, PropertyKind.Annotation, Intern(text[..^TypeSuffix.Length])),
                _ => new PropertyName(text, utf8, PropertyKind.Value, null),
            };
        }
    }
}
