using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace StrategyReports.Templating;

/// <summary>
/// A function templates may call, e.g. <c>format_number</c>. Scriban calls a plain delegate through
/// <c>Delegate.DynamicInvoke</c>, which allocates and reflects on every call and showed in the report
/// benchmark's profile; this calls the typed delegate directly. Scriban has already converted each
/// argument to its parameter's type (from <see cref="GetParameterInfo"/>) before <see cref="Invoke"/>.
/// </summary>
public sealed class TemplateFunction : IScriptCustomFunction
{
    private readonly ScriptParameterInfo[] _parameters;
    private readonly Func<TemplateContext, ScriptArray, object?> _invoke;

    private TemplateFunction(Type returnType, ScriptParameterInfo[] parameters, Func<TemplateContext, ScriptArray, object?> invoke)
    {
        ReturnType = returnType;
        _parameters = parameters;
        _invoke = invoke;
        RequiredParameterCount = parameters.Count(p => !p.HasDefaultValue);
    }

    public int RequiredParameterCount { get; }

    public int ParameterCount => _parameters.Length;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType { get; }

    /// <summary>A function of one argument.</summary>
    public static TemplateFunction Of<T, TResult>(Func<T, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(typeof(TResult), [new(typeof(T), "value")], (_, arguments) => function(Argument<T>(arguments, 0)));
    }

    /// <summary>A function given the template context, a name and an optional value (how <c>include</c> is called).</summary>
    internal static TemplateFunction OfContext(Func<TemplateContext, string, object?, object?> function) =>
        new(typeof(object), [new(typeof(string), "name"), new(typeof(object), "value", null)], (context, arguments) => function(context, Argument<string>(arguments, 0), arguments[1]));

    public ScriptParameterInfo GetParameterInfo(int index) => _parameters[index];

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        _invoke(context, arguments);

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new(Invoke(context, callerContext, arguments, blockStatement));

    // A null where a value type is expected reads as its default, as it did through reflection.
    private static T Argument<T>(ScriptArray arguments, int index) => arguments[index] is T value ? value : default!;
}
