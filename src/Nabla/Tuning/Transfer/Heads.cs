using Nabla.Nn;

namespace Nabla.Tuning.Transfer;

/// <summary>Model surgery for transfer learning.</summary>
public static class Heads
{
    /// <summary>
    /// A new <see cref="Sequential"/> with <paramref name="model"/>'s layers except the last <paramref name="replace"/>
    /// ones, followed by <paramref name="head"/>. The backbone layers are shared (not copied), and their state-dict
    /// names ("0.weight", …) are unchanged, so pre-trained weights load by name.
    /// </summary>
    public static Sequential ReplaceHead(Sequential model, Module head, int replace = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(head);
        if (replace < 0 || replace > model.Count)
            throw new ArgumentOutOfRangeException(nameof(replace), $"Heads.ReplaceHead: cannot replace {replace} of the model's {model.Count} layers");
        return new Sequential(model.Layers.Take(model.Count - replace).Append(head));
    }

    /// <summary>
    /// Freezes <paramref name="module"/> (no gradients for its parameters) and drops any gradient they still hold, so
    /// an optimizer skips them entirely (a zeroed-but-present gradient would still move them through momentum or
    /// weight decay).
    /// </summary>
    public static void Freeze(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        module.Freeze();
        foreach (var p in module.Parameters())
            p.Grad = null;
    }
}
