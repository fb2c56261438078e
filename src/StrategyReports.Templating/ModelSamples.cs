using System.Collections;
using System.Reflection;

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
/// Builds an instance of a view model by reflection: every constructor parameter and settable
/// property, down through records and lists, so a member added later is filled without anyone
/// listing it. Used at start-up to run every template against its model type, and by tests to
/// push hostile text through every string a template can show.
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
        return Build(type, nullable: false, values, depth: 0)
            ?? throw new InvalidOperationException($"Cannot build a sample {type.Name}.");
    }

    private static object? Build(Type type, bool nullable, SampleValues values, int depth)
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
            var array = Array.CreateInstance(element, count);
            for (var i = 0; i < count; i++)
            {
                array.SetValue(Build(element, nullable: false, values, depth + 1), i);
            }

            return type.IsAssignableFrom(array.GetType()) ? array : Activator.CreateInstance(type, array)!;
        }

        return BuildObject(type, values, depth);
    }

    private static object BuildObject(Type type, SampleValues values, int depth)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build a sample with.");
        var parameters = constructor.GetParameters();
        var instance = constructor.Invoke([.. parameters.Select(p => Build(p.ParameterType, Nullability.Value!.Create(p).WriteState == NullabilityState.Nullable, values, depth + 1))]);
        var set = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is { IsPublic: true } && !set.Contains(property.Name) && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(instance, Build(property.PropertyType, Nullability.Value!.Create(property).WriteState == NullabilityState.Nullable, values, depth + 1));
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
