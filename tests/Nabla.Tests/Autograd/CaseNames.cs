namespace Nabla.Tests.Autograd;

/// <summary>xunit theory data from the names of a table of named cases.</summary>
internal static class CaseNames
{
    /// <summary>One theory row per name, in the table's order.</summary>
    public static TheoryData<string> Of(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names) data.Add(name);
        return data;
    }
}
