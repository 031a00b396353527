-- Activating a routing profile routes again the orders on hold, oldest first: a partial index
-- keeps that lookup to the held orders however many orders there are.
create index orders_on_hold on orders (created_at, id) where status = 'on-hold';
