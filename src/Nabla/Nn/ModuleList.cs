namespace Nabla.Nn;

/// <summary>
/// Holds sub-modules in a list so that they are registered (named "0", "1", …) without being chained; the owner
/// decides how to call them. Forward is not defined for a list.
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _items = [];

    /// <summary>A list holding the given modules.</summary>
    public ModuleList(params IEnumerable<Module> modules)
    {
        foreach (var m in modules)
            Add(m);
    }

    /// <summary>Appends a module.</summary>
    public void Add(Module module)
    {
        RegisterModule(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _items.Add(module);
    }

    /// <inheritdoc/>
    public Module this[int index] => _items[index];

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Always throws: a ModuleList is a container, not a layer.</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException($"{DisplayName}: a ModuleList has no Forward; iterate over it and call its modules");
}
