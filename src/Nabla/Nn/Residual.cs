namespace Nabla.Nn;

/// <summary>
/// A residual block: y = body(x) + shortcut(x), with the identity as the default shortcut (He et al., 2016).
/// Children are named "body" and "shortcut".
/// </summary>
public sealed class Residual : Module
{
    /// <summary>The residual branch.</summary>
    public Module Body { get; }

    /// <summary>The skip branch (for example a 1×1 convolution when shapes change), or null for the identity.</summary>
    public Module? Shortcut { get; }

    /// <summary>Creates y = body(x) + (shortcut ?? identity)(x).</summary>
    public Residual(Module body, Module? shortcut = null)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
        Shortcut = shortcut;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var y = Body.Forward(input);
        var skip = Shortcut is null ? input : Shortcut.Forward(input);
        if (!ShapeMath.SameShape(y.Shape, skip.Shape))
            throw new ArgumentException(
                $"{DisplayName}: the body's output {ShapeMath.Format(y.Shape)} and the shortcut's {ShapeMath.Format(skip.Shape)} differ; give the block a shortcut that maps the input to the body's shape");
        return y + skip;
    }
}
