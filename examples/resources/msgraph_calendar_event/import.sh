# Import an existing event by "<organizer mailbox>/<event id>"; the mailbox
# is an object id or a user principal name. Set external_id in the
# configuration: the first apply writes it on the event without mailing
# anyone.
terraform import msgraph_calendar_event.weekly_lab "trainer@contoso.com/AAMkAGI1AAAt8AHjAAA="
