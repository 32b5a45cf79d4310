using System.Globalization;
using System.Text.Json.Nodes;

namespace Nabla.Tuning;

/// <summary>
/// The range of one hyper-parameter. Samplers work on an <em>internal</em> real number per parameter (Optuna's
/// internal representation): the value itself for <see cref="UniformDistribution"/>, its natural log for log-scaled
/// distributions, the integer as a double for <see cref="IntDistribution"/>, and the index of the choice for
/// <see cref="ChoiceDistribution"/>. <see cref="ToExternal"/> turns it back into the value the objective sees.
/// </summary>
public abstract class Distribution
{
    private protected Distribution() { }

    /// <summary>Lowest internal value.</summary>
    public abstract double InternalLow { get; }

    /// <summary>Highest internal value.</summary>
    public abstract double InternalHigh { get; }

    /// <summary>The value the objective sees for an internal value (double, long, or a choice's value).</summary>
    public abstract object? ToExternal(double internalValue);

    /// <summary>The internal value nearest to <paramref name="internalValue"/> that the distribution can take (rounding for integers and choices).</summary>
    public abstract double Snap(double internalValue);

    /// <summary>The JSON form read by <see cref="SearchSpace.FromJson"/>.</summary>
    public abstract JsonObject ToJson();

    /// <summary>The external value as JSON.</summary>
    public JsonNode? ExternalToJson(double internalValue) => ValueToJson(ToExternal(internalValue));

    internal static JsonNode? ValueToJson(object? value) => value switch
    {
        null => null,
        double d => JsonValue.Create(d),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        JsonNode n => n.DeepClone(),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}

/// <summary>A real number uniform on [<see cref="Low"/>, <see cref="High"/>].</summary>
public sealed class UniformDistribution : Distribution
{
    /// <summary>Creates the distribution; <paramref name="low"/> must be ≤ <paramref name="high"/>.</summary>
    public UniformDistribution(double low, double high)
    {
        if (!(low <= high) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"UniformDistribution: need finite low ≤ high, got low={low}, high={high}");
        (Low, High) = (low, high);
    }

    /// <summary>Lower bound.</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override double InternalLow => Low;

    /// <inheritdoc/>
    public override double InternalHigh => High;

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => Math.Clamp(internalValue, Low, High);

    /// <inheritdoc/>
    public override double Snap(double internalValue) => Math.Clamp(internalValue, Low, High);

    /// <inheritdoc/>
    public override JsonObject ToJson() => new() { ["type"] = "uniform", ["low"] = Low, ["high"] = High };
}

/// <summary>A positive real number whose logarithm is uniform: log x ~ U(log <see cref="Low"/>, log <see cref="High"/>) (learning rates, weight decay).</summary>
public sealed class LogUniformDistribution : Distribution
{
    /// <summary>Creates the distribution; needs 0 &lt; <paramref name="low"/> ≤ <paramref name="high"/>.</summary>
    public LogUniformDistribution(double low, double high)
    {
        if (!(low > 0 && low <= high) || !double.IsFinite(high))
            throw new ArgumentException($"LogUniformDistribution: need 0 < low ≤ high (finite), got low={low}, high={high}");
        (Low, High) = (low, high);
    }

    /// <summary>Lower bound (positive).</summary>
    public double Low { get; }

    /// <summary>Upper bound.</summary>
    public double High { get; }

    /// <inheritdoc/>
    public override double InternalLow => Math.Log(Low);

    /// <inheritdoc/>
    public override double InternalHigh => Math.Log(High);

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => Math.Clamp(Math.Exp(internalValue), Low, High);

    /// <inheritdoc/>
    public override double Snap(double internalValue) => Math.Clamp(internalValue, InternalLow, InternalHigh);

    /// <inheritdoc/>
    public override JsonObject ToJson() => new() { ["type"] = "loguniform", ["low"] = Low, ["high"] = High };
}

/// <summary>
/// An integer in [<see cref="Low"/>, <see cref="High"/>], uniform, or log-uniform when <see cref="Log"/> (each integer k
/// covers the internal interval [log(k − ½), log(k + ½)], so the draw is uniform in log space and then rounded).
/// </summary>
public sealed class IntDistribution : Distribution
{
    /// <summary>Creates the distribution; needs <paramref name="low"/> ≤ <paramref name="high"/>, and low ≥ 1 when <paramref name="log"/>.</summary>
    public IntDistribution(long low, long high, bool log = false)
    {
        if (low > high || (log && low < 1))
            throw new ArgumentException($"IntDistribution: need low ≤ high (and low ≥ 1 with log), got low={low}, high={high}, log={log}");
        (Low, High, Log) = (low, high, log);
    }

    /// <summary>Lowest integer.</summary>
    public long Low { get; }

    /// <summary>Highest integer.</summary>
    public long High { get; }

    /// <summary>Whether the integer is drawn on a log scale.</summary>
    public bool Log { get; }

    /// <inheritdoc/>
    public override double InternalLow => Log ? Math.Log(Low - 0.5) : Low - 0.5;

    /// <inheritdoc/>
    public override double InternalHigh => Log ? Math.Log(High + 0.5) : High + 0.5;

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => ToInteger(internalValue);

    /// <summary>The integer an internal value stands for.</summary>
    public long ToInteger(double internalValue)
    {
        double x = Log ? Math.Exp(internalValue) : internalValue;
        return Math.Clamp((long)Math.Round(x, MidpointRounding.AwayFromZero), Low, High);
    }

    /// <summary>The internal value of the integer <paramref name="value"/>.</summary>
    public double FromInteger(long value) => Log ? Math.Log(value) : value;

    /// <inheritdoc/>
    public override double Snap(double internalValue) => FromInteger(ToInteger(internalValue));

    /// <inheritdoc/>
    public override JsonObject ToJson() => new() { ["type"] = "int", ["low"] = Low, ["high"] = High, ["log"] = Log };
}

/// <summary>One of a list of values (numbers, strings, booleans or any JSON value); internally the index of the choice.</summary>
public sealed class ChoiceDistribution : Distribution
{
    private readonly object?[] _values;

    /// <summary>Creates the distribution over <paramref name="values"/> (at least one).</summary>
    public ChoiceDistribution(params IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        if (_values.Length == 0)
            throw new ArgumentException("ChoiceDistribution: the list of values is empty; give at least one value");
    }

    /// <summary>The values.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <inheritdoc/>
    public override double InternalLow => 0;

    /// <inheritdoc/>
    public override double InternalHigh => _values.Length - 1;

    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => _values[Index(internalValue)];

    /// <summary>The index an internal value stands for.</summary>
    public int Index(double internalValue) => (int)Math.Clamp(Math.Round(internalValue), 0, _values.Length - 1);

    /// <inheritdoc/>
    public override double Snap(double internalValue) => Index(internalValue);

    /// <inheritdoc/>
    public override JsonObject ToJson()
    {
        var values = new JsonArray();
        foreach (var v in _values)
            values.Add(ValueToJson(v));
        return new JsonObject { ["type"] = "choice", ["values"] = values };
    }
}
