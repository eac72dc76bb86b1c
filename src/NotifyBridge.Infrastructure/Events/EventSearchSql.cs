using System.Text;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Events;

/// <summary>
/// Full-text search over the event log, written per provider because the index lives
/// outside the EF model (created by migrations): SQLite FTS5 walks matching rowids in
/// descending order and stops after one page (ordering hits by rowid, not by a timestamp
/// column, is what keeps it fast); PostgreSQL uses the GIN-indexed tsvector column.
/// Never a LIKE '%x%' scan. Every value is a parameter.
/// </summary>
internal static class EventSearchSql
{
    public static IQueryable<EventLogEntry> Query(
        NotifyBridgeDbContext db, string ownerId, EventFilter filter, IReadOnlyList<string> words, long above, long below, int take)
    {
        var postgres = db is PostgresNotifyBridgeDbContext;
        var args = new List<object>();
        string P(object value)
        {
            args.Add(value);
            return $"{{{args.Count - 1}}}";
        }

        var sql = new StringBuilder();
        if (postgres)
        {
            sql.Append($"""SELECT e.* FROM "Events" e WHERE e."SearchVector" @@ to_tsquery('simple', {P(SearchTerms.ToTsQuery(words))})""");
        }
        else
        {
            // CROSS JOIN tells SQLite not to reorder: the FTS index must drive the loop (newest
            // hit first, stop after one page). Left to itself the planner may walk Events by
            // (OwnerId, Id) and probe the index per row, which takes seconds on a large log.
            sql.Append($"""SELECT e.* FROM "EventSearch" s CROSS JOIN "Events" e ON e."Id" = s.rowid WHERE "EventSearch" MATCH {P(SearchTerms.ToFts5(words))}""");
            sql.Append($""" AND s.rowid > {P(above)} AND s.rowid < {P(below)}""");
        }
        sql.Append($""" AND e."OwnerId" = {P(ownerId)} AND e."Id" > {P(above)} AND e."Id" < {P(below)}""");
        if (filter.EventType is not null) sql.Append($""" AND e."EventType" = {P(filter.EventType)}""");
        if (filter.ProviderId is not null) sql.Append($""" AND e."ProviderId" = {P(filter.ProviderId.Value)}""");
        if (filter.TrackerId is not null) sql.Append($""" AND e."TrackerId" = {P(filter.TrackerId.Value)}""");
        var direction = filter.OldestFirst ? "ASC" : "DESC";
        sql.Append(postgres ? $""" ORDER BY e."Id" {direction}""" : $""" ORDER BY s.rowid {direction}""");
        sql.Append($""" LIMIT {P(take)}""");

#pragma warning disable EF1002 // the SQL text is built from constants only; every value is a parameter
        return db.Events.FromSqlRaw(sql.ToString(), [.. args]).AsNoTracking();
#pragma warning restore EF1002
    }
}
