namespace Nabla.Kernels;

/// <summary>The recurrence a fused recurrent scan runs (see <c>Tensor.RecurrentScan</c>).</summary>
internal enum RecurrentCellKind
{
    /// <summary>h′ = tanh(Wᵢₕx + bᵢₕ + Wₕₕh + bₕₕ).</summary>
    RnnTanh,

    /// <summary>h′ = relu(Wᵢₕx + bᵢₕ + Wₕₕh + bₕₕ).</summary>
    RnnRelu,

    /// <summary>LSTM with PyTorch's gate order i, f, g, o.</summary>
    Lstm,

    /// <summary>GRU with PyTorch's gate order r, z, n.</summary>
    Gru,
}

/// <summary>Sizes of a recurrent cell kind.</summary>
internal static class RecurrentCells
{
    /// <summary>Rows of the weight matrices per hidden unit: 1 (RNN), 4 (LSTM), 3 (GRU).</summary>
    public static int Gates(RecurrentCellKind kind) => kind switch
    {
        RecurrentCellKind.Lstm => 4,
        RecurrentCellKind.Gru => 3,
        _ => 1,
    };
}
