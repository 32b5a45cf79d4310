namespace Nabla.Nn;

/// <summary>
/// Marks a <see cref="Tensor"/> field or auto-property of a <see cref="Module"/> as a buffer (state that is saved
/// in the state dict but not trained, like BatchNorm's running_mean) instead of a parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class BufferAttribute : Attribute
{
    /// <summary>False for a buffer that is not part of the state dict (a cache).</summary>
    public bool Persistent { get; init; } = true;
}
