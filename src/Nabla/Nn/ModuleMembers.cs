using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;

namespace Nabla.Nn;

/// <summary>
/// Finds the tensors and sub-modules a module declares as fields or auto-properties, in declaration order (base
/// class members first), and names them the PyTorch way: <c>RunningMean</c> → <c>running_mean</c>.
/// </summary>
internal static class ModuleMembers
{
    internal enum Kind { Parameter, Buffer, TransientBuffer, Child }

    internal readonly record struct Member(string Name, Kind Kind, FieldInfo Field);

    private static readonly ConcurrentDictionary<Type, Member[]> Cache = new();

    internal static Member[] Of(Module module)
    {
        var type = module.GetType();
        if (Cache.TryGetValue(type, out var members))
            return members;
        return Cache[type] = Discover(type);
    }

    private static Member[] Discover(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields |
                                    DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties)]
        Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(Module); t = t.BaseType)
            chain.Add(t);
        chain.Reverse();
        var members = new List<Member>();
        foreach (var t in chain)
        {
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
#pragma warning disable IL2075 // every type in the chain derives from Module, whose annotation keeps these members
            foreach (var field in t.GetFields(flags))
            {
                bool isTensor = field.FieldType == typeof(Tensor);
                bool isModule = typeof(Module).IsAssignableFrom(field.FieldType);
                if (!isTensor && !isModule)
                    continue;
                var (name, attribute) = NameOf(t, field);
                var kind = isModule ? Kind.Child
                    : attribute is null ? Kind.Parameter
                    : attribute.Persistent ? Kind.Buffer : Kind.TransientBuffer;
                members.Add(new Member(name, kind, field));
            }
#pragma warning restore IL2075
        }
        return [.. members];
    }

    private static (string Name, BufferAttribute? Buffer) NameOf(Type declaring, FieldInfo field)
    {
        string raw = field.Name;
        var buffer = field.GetCustomAttribute<BufferAttribute>();
        if (raw.StartsWith('<') && raw.IndexOf('>') is > 1 and var end)
        {
            raw = raw[1..end];
#pragma warning disable IL2075 // as above
            var property = declaring.GetProperty(raw, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
#pragma warning restore IL2075
            buffer ??= property?.GetCustomAttribute<BufferAttribute>();
        }
        return (SnakeCase(raw.TrimStart('_')), buffer);
    }

    /// <summary>PascalCase or camelCase to snake_case: <c>NumBatchesTracked</c> → <c>num_batches_tracked</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                                          (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary && sb.Length > 0 && sb[^1] != '_')
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
