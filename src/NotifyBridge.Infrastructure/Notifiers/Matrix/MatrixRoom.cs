using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

/// <summary>
/// Where a Matrix target sends: the homeserver's client API base and the room, checked once.
/// </summary>
/// <param name="Homeserver">The homeserver URL without a trailing slash (a path prefix such as <c>/matrix</c> is kept).</param>
/// <param name="Room">A room id (<c>!abc:example.com</c>, or <c>!abc</c> from room version 12) or an alias (<c>#name:example.com</c>).</param>
public sealed record MatrixRoom(Uri Homeserver, string Room)
{
    public bool IsAlias => Room.StartsWith('#');

    public static bool TryParse(MatrixTargetSettings settings, out MatrixRoom? room, out string error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        room = null;
        var homeserver = settings.HomeserverUrl?.Trim() ?? "";
        if (!Uri.TryCreate(homeserver, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = "The Matrix homeserver URL must be an http(s) address such as https://matrix.example.com.";
            return false;
        }
        var id = settings.RoomId?.Trim() ?? "";
        if (id.Length < 2 || id[0] is not ('!' or '#') || id.Any(char.IsWhiteSpace) || (id[0] == '#' && !id.Contains(':', StringComparison.Ordinal)))
        {
            error = "The Matrix room must be a room id (!abc:example.com) or an alias (#name:example.com).";
            return false;
        }
        error = "";
        room = new MatrixRoom(new Uri(homeserver.TrimEnd('/'), UriKind.Absolute), id);
        return true;
    }

    /// <summary><c>PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}</c>, both escaped.</summary>
    public Uri SendUri(string roomId, string transactionId) =>
        Client($"rooms/{Uri.EscapeDataString(roomId)}/send/m.room.message/{Uri.EscapeDataString(transactionId)}");

    /// <summary><c>GET /_matrix/client/v3/directory/room/{roomAlias}</c>: the room id behind an alias.</summary>
    public Uri AliasUri() => Client($"directory/room/{Uri.EscapeDataString(Room)}");

    /// <summary>"matrix.example.com" or "127.0.0.1:8448": the homeserver part of a lane key.</summary>
    public string HomeserverKey => Homeserver.Authority.ToLowerInvariant();

    private Uri Client(string relative) => new($"{Homeserver.AbsoluteUri.TrimEnd('/')}/_matrix/client/v3/{relative}", UriKind.Absolute);
}
