using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace StrategyReports.Templating;

/// <summary>
/// A sample object of <see cref="Type"/> as the start-up check renders it (<see cref="ModelSamples.Sketch"/>):
/// the members a template may read of that type and their sample values, and nothing else, so naming a member
/// the type lacks fails under strict member access just as it would on a real instance.
/// </summary>
internal sealed class ModelSketch(Type type, IReadOnlyDictionary<string, object?> members)
{
    public Type Type { get; } = type;

    public IReadOnlyDictionary<string, object?> Members { get; } = members;

    public override string ToString() => Type.Name;

    /// <summary>Reads a sketch's members; read-only, as a template cannot change its model.</summary>
    internal sealed class Accessor : IObjectAccessor
    {
        public static readonly Accessor Instance = new();

        public int GetMemberCount(TemplateContext context, SourceSpan span, object target) => ((ModelSketch)target).Members.Count;

        public IEnumerable<string> GetMembers(TemplateContext context, SourceSpan span, object target) => ((ModelSketch)target).Members.Keys;

        public bool HasMember(TemplateContext context, SourceSpan span, object target, string member) => ((ModelSketch)target).Members.ContainsKey(member);

        public bool TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value) =>
            ((ModelSketch)target).Members.TryGetValue(member, out value);

        public bool TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) => false;

        public bool TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value)
        {
            value = null;
            return false;
        }

        public bool TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) => false;

        public bool HasIndexer => false;

        public Type? IndexType => null;
    }
}
