namespace Nabla.Data.Preprocessing;

/// <summary>What an encoder does with a category it did not see during Fit.</summary>
public enum UnknownCategory
{
    /// <summary>Throw an error naming the value and the known categories.</summary>
    Error,

    /// <summary>Encode it as "no category": −1 for <see cref="LabelEncoder"/>, an all-zero row for <see cref="OneHotEncoder"/>.</summary>
    Ignore,
}
