namespace Nabla.Kernels;

/// <summary>Element-wise binary operations the kernel layer knows.</summary>
internal enum BinaryKind
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
}
