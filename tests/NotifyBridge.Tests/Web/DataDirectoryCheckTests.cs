using Microsoft.Extensions.Configuration;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Startup;

namespace NotifyBridge.Tests.Web;

public sealed class DataDirectoryCheckTests
{
    private static IConfiguration With(string directory) =>
        new ConfigurationBuilder().AddInMemoryCollection([new("Storage:DataDirectory", directory)]).Build();

    [Fact]
    public void WritableDirectory_IsFine_AndLeavesNoProbeBehind()
    {
        using var temp = new TempDirectory();
        var target = Path.Combine(temp.Path, "nested", "data");
        Assert.Null(DataDirectoryCheck.Problem(With(target)));
        Assert.Empty(Directory.GetFiles(target));
    }

    [Fact]
    public void UnwritableDirectory_GivesAnActionableMessage()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "a-file");
        File.WriteAllText(file, "x");
        var problem = DataDirectoryCheck.Problem(With(Path.Combine(file, "data")));
        Assert.NotNull(problem);
        Assert.Contains("cannot write to its data directory", problem, StringComparison.Ordinal);
        Assert.Contains("Storage__DataDirectory", problem, StringComparison.Ordinal);
    }
}
