-- A contact-center lookup by phone or email also finds customers no profile has arrived for: the
-- orders that carry that phone or email, whether or not they name a customer. The indexes on the
-- order view's email and phone, until now kept for guest orders only (to link them to a profile
-- when one arrives), cover every order, newest first.
drop index customer_order_view_email;
drop index customer_order_view_phone;
create index customer_order_view_email on customer_order_view (email, placed_at desc);
create index customer_order_view_phone on customer_order_view (phone, placed_at desc);
-- A guest's context also lists the contacts from their email that no customer was found for.
create index customer_interactions_email on customer_interactions (email) where customer_id is null;
