using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Matrix;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Matrix;

public sealed class MatrixRoomTests
{
    [Fact]
    public void SendUri_EscapesRoomIdAndTransactionId()
    {
        Assert.True(MatrixRoom.TryParse(new MatrixTargetSettings("https://matrix.example.com/", "!636q39766251:example.com"), out var room, out _));
        var uri = room!.SendUri(room.Room, "nbd/7 f?#");
        Assert.Equal("/_matrix/client/v3/rooms/%21636q39766251%3Aexample.com/send/m.room.message/nbd%2F7%20f%3F%23", uri.AbsolutePath);
        Assert.Equal("https://matrix.example.com/_matrix/client/v3/rooms/%21636q39766251%3Aexample.com/send/m.room.message/nbd%2F7%20f%3F%23", uri.AbsoluteUri);
    }

    [Fact]
    public void AliasUri_EscapesTheHash()
    {
        Assert.True(MatrixRoom.TryParse(new MatrixTargetSettings("https://matrix.example.com", "#ops:example.com"), out var room, out _));
        Assert.True(room!.IsAlias);
        Assert.Equal("https://matrix.example.com/_matrix/client/v3/directory/room/%23ops%3Aexample.com", room.AliasUri().AbsoluteUri);
    }

    [Fact]
    public void HomeserverWithPathPrefix_KeepsIt()
    {
        Assert.True(MatrixRoom.TryParse(new MatrixTargetSettings(" https://example.com/matrix/ ", " !abc "), out var room, out _));
        Assert.Equal("https://example.com/matrix/_matrix/client/v3/rooms/%21abc/send/m.room.message/1", room!.SendUri(room.Room, "1").AbsoluteUri);
        Assert.Equal("example.com", room.HomeserverKey);
    }

    [Theory]
    [InlineData("", "!a:b")]
    [InlineData("matrix.example.com", "!a:b")]
    [InlineData("ftp://matrix.example.com", "!a:b")]
    [InlineData("https://matrix.example.com/?x=1", "!a:b")]
    public void TryParse_BadHomeserver_Fails(string homeserver, string room)
    {
        Assert.False(MatrixRoom.TryParse(new MatrixTargetSettings(homeserver, room), out _, out var error));
        Assert.Equal("The Matrix homeserver URL must be an http(s) address such as https://matrix.example.com.", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!")]
    [InlineData("abc:example.com")]
    [InlineData("#noserver")]
    [InlineData("!a b:example.com")]
    public void TryParse_BadRoom_Fails(string roomId)
    {
        Assert.False(MatrixRoom.TryParse(new MatrixTargetSettings("https://matrix.example.com", roomId), out _, out var error));
        Assert.Equal("The Matrix room must be a room id (!abc:example.com) or an alias (#name:example.com).", error);
    }
}
