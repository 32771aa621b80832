// Versioned schema migrations, applied in order at start-up under an advisory lock.
import { outletClock } from './outlet-clock.ts';
import type { Db } from './types.ts';

/**
 * Change tracking: every replicated row carries `changed_at`, stamped by a trigger while holding a
 * transaction-level advisory lock, strictly increasing in commit order. A reader that pages with
 * `changed_at > checkpoint` therefore skips nothing and repeats nothing, even under concurrent
 * writes: a row that commits later always carries a later stamp than anything already visible.
 */
const changeTracking = `
create table change_clock (id int primary key check (id = 1), last timestamptz not null);
insert into change_clock values (1, to_timestamp(0));

create function kasir_next_change() returns timestamptz language plpgsql as $$
declare stamp timestamptz;
begin
  perform pg_advisory_xact_lock(7231);
  update change_clock
     set last = greatest(clock_timestamp(), last + interval '1 microsecond')
   where id = 1
  returning last into stamp;
  return stamp;
end $$;

create function kasir_stamp_change() returns trigger language plpgsql as $$
begin
  new.changed_at := kasir_next_change();
  if tg_op = 'UPDATE' and to_jsonb(new) ? 'updated_at' and new.updated_at is not distinct from old.updated_at then
    new.updated_at := now();
  end if;
  return new;
end $$;
`;

const stamp = (table: string) =>
	`create trigger ${table}_stamp before insert or update on ${table} for each row execute function kasir_stamp_change();`;

const hoSchema = `
create table companies (
  id uuid primary key,
  code text not null unique,
  name text not null,
  address text not null default '',
  phone text not null default '',
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null
);
create table brands (
  id uuid primary key,
  company_id uuid not null references companies(id),
  code text not null,
  name text not null,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null,
  unique (company_id, code)
);
-- A store is an outlet: the cloud API calls its id outlet_id and its code outlet_code.
create table stores (
  id uuid primary key,
  company_id uuid not null references companies(id),
  brand_id uuid not null references brands(id),
  code text not null unique,
  name text not null,
  address text not null default '',
  timezone text not null default 'Asia/Jakarta',
  api_key_hash text,
  -- tax_rate, service_rate (percent), receipt_footer, sync intervals: pushed as config events
  config jsonb not null default '{}'::jsonb,
  table_count int not null default 12,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null
);
create table categories (
  id uuid primary key,
  company_id uuid not null references companies(id),
  brand_id uuid references brands(id),
  name text not null,
  sort_order int not null default 0,
  version int not null default 1,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null
);
create table products (
  id uuid primary key,
  company_id uuid not null references companies(id),
  brand_id uuid references brands(id),
  category_id uuid not null references categories(id),
  sku text not null,
  name text not null,
  description text not null default '',
  price bigint not null check (price >= 0),
  stock int,
  destination text not null default 'kitchen' check (destination in ('kitchen', 'bar')),
  is_available boolean not null default true,
  modifier_group_ids uuid[] not null default '{}',
  version int not null default 1,
  is_deleted boolean not null default false,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null,
  unique (company_id, sku)
);
create index products_company_changed on products (company_id, changed_at);
-- A modifier group (spice level, toppings, sugar level) with its options embedded.
create table modifiers (
  id uuid primary key,
  company_id uuid not null references companies(id),
  name text not null,
  min_select int not null default 0,
  max_select int not null default 1,
  is_required boolean not null default false,
  options jsonb not null default '[]'::jsonb,
  sort_order int not null default 0,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null
);
create table product_photos (
  id uuid primary key,
  product_id uuid not null references products(id),
  object_key text not null,
  filename text not null,
  size int not null,
  content_type text not null,
  checksum text not null,
  version int not null default 1,
  is_primary boolean not null default true,
  sort_order int not null default 0,
  bytes bytea not null,
  is_deleted boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  changed_at timestamptz not null
);
create index product_photos_changed on product_photos (changed_at);
create table photo_sync_status (
  store_id uuid not null references stores(id),
  photo_id uuid not null,
  status text not null,
  synced_at timestamptz,
  error text,
  reported_at timestamptz not null default now(),
  primary key (store_id, photo_id)
);
create table users (
  id uuid primary key,
  company_id uuid not null references companies(id),
  username text not null unique,
  password_hash text not null,
  full_name text not null default '',
  role text not null default 'manager',
  created_at timestamptz not null default now()
);
`;

const cloudSchema = `
create table orders (
  cloud_id uuid primary key,
  outlet_id uuid not null references stores(id),
  local_id text not null,
  outlet_code text not null,
  table_number text,
  customer_name text,
  pax int,
  total_amount bigint not null,
  status text not null,
  items jsonb not null default '[]'::jsonb,
  payment_info jsonb,
  version int not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  synced_at timestamptz not null default now(),
  unique (outlet_id, local_id)
);
create table transactions (
  cloud_id uuid primary key,
  outlet_id uuid not null references stores(id),
  local_id text not null,
  outlet_code text not null,
  order_id text not null,
  total_amount bigint not null,
  payment_method text not null,
  cash_amount bigint,
  change_amount bigint,
  cashier_name text,
  version int not null default 1,
  created_at timestamptz not null,
  synced_at timestamptz not null default now(),
  unique (outlet_id, local_id)
);
-- Each product update an outlet pushed, kept so a retry of the same push answers the same.
create table product_pushes (
  id uuid primary key,
  outlet_id uuid not null references stores(id),
  local_id text not null,
  push_key text not null,
  result jsonb not null,
  created_at timestamptz not null default now(),
  unique (outlet_id, push_key)
);
create table conflicts (
  id uuid primary key,
  outlet_id uuid not null references stores(id),
  entity_type text not null,
  cloud_id text not null,
  local_id text not null,
  field text not null,
  cloud_value jsonb,
  cloud_version int not null,
  cloud_updated_at timestamptz not null,
  local_value jsonb,
  local_version int not null,
  local_updated_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'resolved')),
  strategy text,
  applied_value jsonb,
  new_version int,
  resolved_by text,
  notes text,
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index conflicts_outlet_status on conflicts (outlet_id, status);
-- The event log behind the per-outlet stream; outlet_id null means every outlet (broadcast).
create table events (
  id bigint primary key,
  outlet_id uuid references stores(id),
  event text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index events_outlet on events (outlet_id, id);
create sequence events_id_seq;
create table analytics_daily (
  outlet_id uuid not null references stores(id),
  date date not null,
  summary jsonb not null,
  received_at timestamptz not null default now(),
  primary key (outlet_id, date)
);
create table outlet_checkpoints (
  outlet_id uuid primary key references stores(id),
  last_pull_at timestamptz,
  last_push_at timestamptz
);
`;

/**
 * What an edge forwards upstream (docs/edge.md): orders, transactions, shifts and applied product pushes get a change
 * stamp from the same clock as the master data (under its lock, so `changed_at > checkpoint` skips nothing), and a
 * NOTIFY wakes the forwarder. Unlike kasir_stamp_change this one never touches updated_at: those rows carry the
 * outlet's own timestamps, which the upstream compares on a retry.
 */
const edgeForward = `
create function kasir_stamp_forward() returns trigger language plpgsql as $$
begin
  new.changed_at := kasir_next_change();
  perform pg_notify('kasir_forward', tg_table_name);
  return new;
end $$;
${['orders', 'transactions', 'shifts', 'product_pushes']
	.map(
		(t) => `alter table ${t} add column changed_at timestamptz;
update ${t} set changed_at = ${t === 'product_pushes' ? 'created_at' : 'synced_at'};
alter table ${t} alter column changed_at set not null;
create index ${t}_changed on ${t} (outlet_id, changed_at);
create trigger ${t}_forward_stamp before insert or update on ${t} for each row execute function kasir_stamp_forward();`
	)
	.join('\n')}
-- The product push as the outlet sent it, so an edge can send the same push upstream.
alter table product_pushes add column body jsonb;
create table edge_checkpoints (
  name text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);
create table edge_parked (
  stream text not null,
  entity_type text not null,
  local_id text not null,
  version int not null,
  code text not null,
  error text not null,
  parked_at timestamptz not null default now(),
  primary key (stream, entity_type, local_id, version)
);
create table edge_claims (
  outlet_id uuid primary key references stores(id),
  edge_id text not null,
  host text not null,
  claimed_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
`;

export const migrations: { version: number; name: string; sql: string }[] = [
	{
		version: 1,
		name: 'change tracking, head office and cloud schema',
		sql: [
			changeTracking,
			hoSchema,
			...['companies', 'brands', 'stores', 'categories', 'products', 'modifiers', 'product_photos'].map(
				stamp
			),
			cloudSchema
		].join('\n')
	},
	{
		version: 2,
		name: 'a product change that shows in its photo rows restamps the photos',
		// The photo list carries product_sku/product_name and hides photos of deleted products, and
		// pages by the photo's own change stamp: restamp the photos when those product fields change.
		sql: `
create function kasir_touch_product_photos() returns trigger language plpgsql as $$
begin
  if new.name is distinct from old.name or new.sku is distinct from old.sku or new.is_deleted is distinct from old.is_deleted then
    update product_photos set updated_at = now() where product_id = new.id;
  end if;
  return new;
end $$;
create trigger products_touch_photos after update on products for each row execute function kasir_touch_product_photos();
`
	},
	{
		version: 3,
		name: "device registry (one device code per till of an outlet) and the orders' human number",
		sql: `
create table cloud_devices (
  outlet_id uuid not null references stores(id),
  device_code text not null,
  device_id text not null,
  registered_at timestamptz not null default now(),
  primary key (outlet_id, device_code),
  unique (outlet_id, device_id)
);
alter table orders add column order_number text;
`
	},
	{
		version: 4,
		name: 'end-of-day reconciliation: outcomes per outlet and business day; orders by creation time',
		sql: `
create index orders_outlet_created on orders (outlet_id, created_at);
create table reconciliations (
  outlet_id uuid not null references stores(id),
  date date not null,
  status text not null check (status in ('matched', 'mismatched', 'pending')),
  outcome jsonb not null,
  received_at timestamptz not null default now(),
  primary key (outlet_id, date)
);
`
	},
	{
		version: 5,
		name: 'shifts with their cash movements, pushed by outlets',
		sql: `
create table shifts (
  cloud_id uuid primary key,
  outlet_id uuid not null references stores(id),
  local_id text not null,
  device_id text not null,
  status text not null check (status in ('open', 'closed')),
  business_date date not null,
  opening_cash bigint not null,
  opened_at timestamptz not null,
  closed_at timestamptz,
  movements jsonb not null default '[]'::jsonb,
  data jsonb not null,
  version int not null,
  synced_at timestamptz not null default now(),
  unique (outlet_id, local_id)
);
`
	},
	{
		version: 6,
		name: 'rate-limit windows shared by every server process on one database',
		sql: `create table rate_windows (
  key text primary key,
  window_start timestamptz not null,
  count int not null
);`
	},
	{
		version: 7,
		name: 'refunds: a transaction is a payment or a refund (negative amount, linked to its order), with a reason',
		sql: `
alter table transactions add column type text not null default 'payment' check (type in ('payment', 'refund'));
alter table transactions add column reason text;
`
	},
	{
		version: 8,
		name: 'orders carry who took and voided them and their discounts (till staff and discounts, docs/till.md)',
		sql: `
alter table orders add column cashier_name text;
alter table orders add column staff_id text;
alter table orders add column voided_by text;
alter table orders add column discount_amount bigint not null default 0;
alter table orders add column discount jsonb;
`
	},
	{
		version: 9,
		name: "the outlet edge's own state: the outlet it serves and its mirror checkpoints (docs/edge.md)",
		sql: `create table edge_state (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);`
	},
	{
		version: 10,
		name: 'outlet edge: change stamps on what outlets push (the forwarder reads them in commit order), its checkpoints, parked items, and the one-edge-per-outlet claim',
		sql: edgeForward
	},
	{
		version: 11,
		name: 'shared open orders: orders carry the till that wrote them and their till fields (the commit-ordered change stamp is migration 10)',
		sql: `
alter table orders add column device_code text;
alter table orders add column shared jsonb;
`
	},
	{
		version: 12,
		name: "one change clock per outlet for what outlets push (outlets' ingest no longer serialises on the global clock's lock)",
		sql: outletClock
	}
];

export async function migrate(db: Db): Promise<number[]> {
	const applied: number[] = [];
	await db.tx(async (q) => {
		// Two processes starting on one PostgreSQL must not both migrate.
		await q.query('select pg_advisory_xact_lock(7230)');
		await q.query(
			'create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())'
		);
		const { rows } = await q.query<{ version: number }>('select version from schema_migrations');
		const done = new Set(rows.map((r) => r.version));
		for (const m of migrations) {
			if (done.has(m.version)) continue;
			await q.exec(m.sql);
			await q.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
			applied.push(m.version);
		}
	});
	return applied;
}
