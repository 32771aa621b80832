// Why: what outlets push (orders, transactions, shifts, product pushes) is only ever read one outlet at a time, so its
// commit-ordered change stamps come from one clock per outlet: outlets no longer wait for each other's ingest.

/**
 * Migration 12. Before it, every pushed row drew its stamp from the global change clock: a transaction-level advisory
 * lock (7231) held from the first row to commit, and one update of the clock row per row. With 50 outlets pushing, 8
 * of 10 pooled connections sat waiting on that lock (`npm run bench -- ingest-profile`). Every reader of these stamps
 * filters by outlet (`server/edge/forwarder.ts`, `server/cloud/shared-orders.ts`), so commit order is needed per outlet
 * only: the lock is keyed by the outlet (7233, hash of its id; two outlets sharing a hash only serialise together) and
 * its clock is a row of `outlet_change_clock`, which starts at the global clock's last stamp so no outlet's stamps go
 * back. The stamps of one transaction are kept in a transaction-local setting (`kasir.outlet_clock`: outlet id, space,
 * last stamp) and the clock row is written once per statement (a statement-level trigger, which also sends the
 * forwarder's NOTIFY once instead of once per row); a row of another outlet in the same statement first writes the
 * previous outlet's clock. Master data, the cloud's updates feed and event ids keep the global clock and lock.
 */
export const outletClock = `
select pg_advisory_xact_lock(7231);
create table outlet_change_clock (
  outlet_id uuid primary key references stores(id),
  last timestamptz not null
);
insert into outlet_change_clock (outlet_id, last) select s.id, c.last from stores s cross join change_clock c;

create function kasir_write_outlet_clock(held text) returns void language plpgsql as $$
begin
  if held is not null and held <> '' then
    update outlet_change_clock set last = substr(held, 38)::timestamptz where outlet_id = left(held, 36)::uuid;
  end if;
end $$;

create function kasir_next_outlet_change(o uuid) returns timestamptz language plpgsql as $$
declare
  held text := current_setting('kasir.outlet_clock', true);
  stamp timestamptz;
begin
  if held is not null and left(held, 36) = o::text then
    stamp := greatest(clock_timestamp(), substr(held, 38)::timestamptz + interval '1 microsecond');
  else
    perform kasir_write_outlet_clock(held);
    perform pg_advisory_xact_lock(7233, hashtext(o::text));
    select greatest(clock_timestamp(), last + interval '1 microsecond') into stamp
      from outlet_change_clock where outlet_id = o;
    if stamp is null then
      select greatest(clock_timestamp(), last + interval '1 microsecond') into stamp from change_clock;
      insert into outlet_change_clock (outlet_id, last) values (o, stamp);
    end if;
  end if;
  perform set_config('kasir.outlet_clock', o::text || ' ' || stamp::text, true);
  return stamp;
end $$;

create or replace function kasir_stamp_forward() returns trigger language plpgsql as $$
begin
  new.changed_at := kasir_next_outlet_change(new.outlet_id);
  return new;
end $$;

create function kasir_outlet_clock_flush() returns trigger language plpgsql as $$
declare held text := current_setting('kasir.outlet_clock', true);
begin
  if held is not null and held <> '' then
    perform kasir_write_outlet_clock(held);
    perform pg_notify('kasir_forward', tg_table_name);
  end if;
  return null;
end $$;
${['orders', 'transactions', 'shifts', 'product_pushes']
	.map(
		(t) =>
			`create trigger ${t}_clock_flush after insert or update on ${t} for each statement execute function kasir_outlet_clock_flush();`
	)
	.join('\n')}
`;
