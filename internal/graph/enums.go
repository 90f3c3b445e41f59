package graph

// Graph's evolvable enumerations as this client knows them. Requests carry
// "Prefer: include-unknown-enum-members", so members added after
// unknownFutureValue (coorganizer, invited, ...) come back by name; a member
// this list does not know yet still decodes, as its string.

// OnlineMeetingPresenters is a microsoft.graph.onlineMeetingPresenters.
type OnlineMeetingPresenters string

const (
	PresentersEveryone        OnlineMeetingPresenters = "everyone"
	PresentersOrganization    OnlineMeetingPresenters = "organization"
	PresentersRoleIsPresenter OnlineMeetingPresenters = "roleIsPresenter"
	PresentersOrganizer       OnlineMeetingPresenters = "organizer"
)

// MeetingChatMode is a microsoft.graph.meetingChatMode.
type MeetingChatMode string

const (
	ChatEnabled  MeetingChatMode = "enabled"
	ChatDisabled MeetingChatMode = "disabled"
	ChatLimited  MeetingChatMode = "limited"
)

// AllowedLobbyAdmitterRoles is a microsoft.graph.allowedLobbyAdmitterRoles.
type AllowedLobbyAdmitterRoles string

const (
	LobbyAdmittersOrganizerAndCoOrganizersAndPresenters AllowedLobbyAdmitterRoles = "organizerAndCoOrganizersAndPresenters"
	LobbyAdmittersOrganizerAndCoOrganizers              AllowedLobbyAdmitterRoles = "organizerAndCoOrganizers"
)

// MeetingLiveShareOptions is a microsoft.graph.meetingLiveShareOptions.
type MeetingLiveShareOptions string

const (
	LiveShareEnabled  MeetingLiveShareOptions = "enabled"
	LiveShareDisabled MeetingLiveShareOptions = "disabled"
)

// LobbyBypassScope is a microsoft.graph.lobbyBypassScope.
type LobbyBypassScope string

const (
	LobbyBypassOrganizer                   LobbyBypassScope = "organizer"
	LobbyBypassOrganization                LobbyBypassScope = "organization"
	LobbyBypassOrganizationAndFederated    LobbyBypassScope = "organizationAndFederated"
	LobbyBypassEveryone                    LobbyBypassScope = "everyone"
	LobbyBypassInvited                     LobbyBypassScope = "invited"
	LobbyBypassOrganizationExcludingGuests LobbyBypassScope = "organizationExcludingGuests"
)

// OnlineMeetingRole is a microsoft.graph.onlineMeetingRole.
type OnlineMeetingRole string

const (
	RoleAttendee    OnlineMeetingRole = "attendee"
	RolePresenter   OnlineMeetingRole = "presenter"
	RoleProducer    OnlineMeetingRole = "producer"
	RoleCoorganizer OnlineMeetingRole = "coorganizer"
)

// MeetingChatHistoryDefaultMode is a microsoft.graph.meetingChatHistoryDefaultMode.
type MeetingChatHistoryDefaultMode string

// OnlineMeetingType is a microsoft.graph.onlineMeetingType.
type OnlineMeetingType string

// Members of each settable enumeration, in Graph's order, for validation.
var (
	OnlineMeetingPresentersValues   = []OnlineMeetingPresenters{PresentersEveryone, PresentersOrganization, PresentersRoleIsPresenter, PresentersOrganizer}
	MeetingChatModeValues           = []MeetingChatMode{ChatEnabled, ChatDisabled, ChatLimited}
	AllowedLobbyAdmitterRolesValues = []AllowedLobbyAdmitterRoles{LobbyAdmittersOrganizerAndCoOrganizersAndPresenters, LobbyAdmittersOrganizerAndCoOrganizers}
	MeetingLiveShareOptionsValues   = []MeetingLiveShareOptions{LiveShareEnabled, LiveShareDisabled}
	LobbyBypassScopeValues          = []LobbyBypassScope{LobbyBypassOrganizer, LobbyBypassOrganization, LobbyBypassOrganizationAndFederated, LobbyBypassEveryone, LobbyBypassInvited, LobbyBypassOrganizationExcludingGuests}
	OnlineMeetingRoleValues         = []OnlineMeetingRole{RoleAttendee, RolePresenter, RoleProducer, RoleCoorganizer}
)
