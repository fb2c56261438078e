using System.Collections;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace StrategyReports.Templating;

/// <summary>
/// What a template or partial sees of its model: the model's public members by their C# names, and
/// the model itself as <c>Model</c> (for a list). Members are read from the model when the template
/// names them, through the same member accessor as <c>line.Name</c>, instead of being copied into a
/// fresh <see cref="ScriptObject"/> by reflection on every include: that copy was the largest cost of
/// rendering a report. Read-only: a template that assigns a variable fails the start-up check.
/// </summary>
internal sealed class ModelScope : IScriptObject
{
    private const string ModelName = "Model";

    private readonly TemplateContext _context;
    private readonly object? _model;

    // Null for a model whose members templates do not reach by name: nothing, text or a list.
    private readonly IObjectAccessor? _members;

    public ModelScope(TemplateContext context, object? model)
    {
        _context = context;
        _model = model;
        _members = model is not null and not string and not IEnumerable ? context.GetMemberAccessor(model) : null;
    }

    public int Count => 1 + (_members?.GetMemberCount(_context, default, _model!) ?? 0);

    public bool IsReadOnly
    {
        get => true;
        set => throw new InvalidOperationException("A template's model cannot be changed.");
    }

    public IEnumerable<string> GetMembers() => [ModelName, .. _members?.GetMembers(_context, default, _model!) ?? []];

    public bool Contains(string member) => member == ModelName || (_members?.HasMember(_context, default, _model!, member) ?? false);

    public bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
    {
        if (member == ModelName)
        {
            value = _model;
            return true;
        }

        value = null;
        return _members is not null && _members.TryGetValue(context ?? _context, span, _model!, member, out value);
    }

    public bool CanWrite(string member) => false;

    public bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value, bool readOnly) => false;

    public bool Remove(string member) => false;

    public void SetReadOnly(string member, bool readOnly)
    {
    }

    public IScriptObject Clone(bool deep) => new ModelScope(_context, _model);
}
