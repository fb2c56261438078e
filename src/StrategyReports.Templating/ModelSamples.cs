using System.Collections;
using System.Reflection;
using Scriban.Runtime;

namespace StrategyReports.Templating;

/// <summary>Where a sample model's values come from: plain ones for the start-up check, hostile ones in tests.</summary>
public abstract class SampleValues
{
    /// <summary>Every string member.</summary>
    public abstract string Text();

    public abstract bool Flag();

    /// <summary>How many items a list gets.</summary>
    public abstract int Count();

    /// <summary>Whether a nullable member is left null.</summary>
    public abstract bool Null();

    public virtual decimal Number() => 1;

    /// <summary>Markup code builds itself (a chart): trusted, so never made from <see cref="Text"/>.</summary>
    public virtual TrustedHtml Trusted() => TrustedHtml.FromCode(string.Empty);
}

/// <summary>
/// Builds samples of a view model by reflection, down through records and lists, so a member added
/// later is filled without anyone listing it: an instance (<see cref="Create"/>, every constructor
/// parameter and settable property), which tests use to push hostile text through every string a
/// template can show, or a sketch (<see cref="Sketch"/>), which the start-up check renders.
/// </summary>
public static class ModelSamples
{
    private const int MaxDepth = 6;
    // Not thread-safe, and two apps may check their templates at once (tests host several): one per thread.
    private static readonly ThreadLocal<NullabilityInfoContext> Nullability = new(() => new());

    public static object Create(Type type, SampleValues values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        return Build(type, nullable: false, values, depth: 0, sketch: false)
            ?? throw new InvalidOperationException($"Cannot build a sample {type.Name}.");
    }

    /// <summary>
    /// A sample with the members a template can read of <paramref name="type"/> and of every object below it,
    /// but no instance of them: no constructor or getter runs, so checking every template at start-up does not
    /// make the runtime compile a reflection stub for each member (370 of them, most of the check's cost).
    /// Values, lists and nulls are as <see cref="Create"/> makes them.
    /// </summary>
    public static object Sketch(Type type, SampleValues values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        return Build(type, nullable: false, values, depth: 0, sketch: true)
            ?? throw new InvalidOperationException($"Cannot build a sample {type.Name}.");
    }

    private static object? Build(Type type, bool nullable, SampleValues values, int depth, bool sketch)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            nullable = true;
        }

        if (nullable && (depth >= MaxDepth || values.Null()))
        {
            return null;
        }

        if (type == typeof(string))
        {
            return values.Text();
        }

        if (type == typeof(TrustedHtml))
        {
            return values.Trusted();
        }

        if (type == typeof(bool))
        {
            return values.Flag();
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double))
        {
            return Convert.ChangeType(values.Number(), type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(DateOnly))
        {
            return new DateOnly(2026, 11, 22);
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (ElementType(type) is { } element)
        {
            var count = depth >= MaxDepth ? 0 : values.Count();
            var array = Array.CreateInstance(sketch ? typeof(object) : element, count);
            for (var i = 0; i < count; i++)
            {
                array.SetValue(Build(element, nullable: false, values, depth + 1, sketch), i);
            }

            return sketch || type.IsAssignableFrom(array.GetType()) ? array : Activator.CreateInstance(type, array)!;
        }

        return sketch ? SketchObject(type, values, depth) : BuildObject(type, values, depth);
    }

    // The members Scriban reads of a .NET object (its TypedObjectAccessor): public instance fields and readable
    // properties, through the base types, by their C# names as HtmlTemplateContext renames them.
    private static ModelSketch SketchObject(Type type, SampleValues values, int depth)
    {
        var members = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var declaring = type; declaring is not null && declaring != typeof(object); declaring = declaring.BaseType)
        {
            foreach (var field in declaring.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (!field.IsLiteral && !field.IsDefined(typeof(ScriptMemberIgnoreAttribute)))
                {
                    members.TryAdd(field.Name, Build(field.FieldType, Nullability.Value!.Create(field).ReadState == NullabilityState.Nullable, values, depth + 1, sketch: true));
                }
            }

            foreach (var property in declaring.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (property.GetMethod is { IsPublic: true, IsStatic: false } && property.GetIndexParameters().Length == 0 && !property.IsDefined(typeof(ScriptMemberIgnoreAttribute)))
                {
                    members.TryAdd(property.Name, Build(property.PropertyType, Nullability.Value!.Create(property).ReadState == NullabilityState.Nullable, values, depth + 1, sketch: true));
                }
            }
        }

        return new ModelSketch(type, members);
    }

    private static object BuildObject(Type type, SampleValues values, int depth)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a sample with.");
        var parameters = constructor.GetParameters();
        var instance = constructor.Invoke([.. parameters.Select(p => Build(p.ParameterType, Nullability.Value!.Create(p).WriteState == NullabilityState.Nullable, values, depth + 1, sketch: false))]);
        var set = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !set.Contains(property.Name) && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(instance, Build(property.PropertyType, Nullability.Value!.Create(property).WriteState == NullabilityState.Nullable, values, depth + 1, sketch: false));
            }
        }

        return instance;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element]
            ? element
            : null;
    }

}
