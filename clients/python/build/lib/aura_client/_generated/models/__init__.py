""" Contains all the data models used in inputs/outputs """

from .act_on_team import ActOnTeam
from .act_on_team_open_impacts_type_0 import ActOnTeamOpenImpactsType0
from .act_on_team_zones_type_0_item import ActOnTeamZonesType0Item
from .caller_request import CallerRequest
from .change_enum import ChangeEnum
from .channel_enum import ChannelEnum
from .delivery import Delivery
from .delivery_status_enum import DeliveryStatusEnum
from .error import Error
from .error_error import ErrorError
from .error_error_fields import ErrorErrorFields
from .event import Event
from .format_enum import FormatEnum
from .heartbeat_answer import HeartbeatAnswer
from .heartbeat_request import HeartbeatRequest
from .impact import Impact
from .impact_batch_item_request import ImpactBatchItemRequest
from .impact_batch_request import ImpactBatchRequest
from .impact_batch_result import ImpactBatchResult
from .impact_batch_result_err import ImpactBatchResultErr
from .impact_detail import ImpactDetail
from .impact_report_request import ImpactReportRequest
from .impact_status_enum import ImpactStatusEnum
from .intent import Intent
from .intent_batch_request import IntentBatchRequest
from .intent_batch_result import IntentBatchResult
from .intent_batch_result_err import IntentBatchResultErr
from .intent_create_request import IntentCreateRequest
from .intent_detail import IntentDetail
from .intent_detail_tickets_item import IntentDetailTicketsItem
from .intent_node import IntentNode
from .intent_tickets_item import IntentTicketsItem
from .invite import Invite
from .invite_create_request import InviteCreateRequest
from .invite_created import InviteCreated
from .invite_redeem_request import InviteRedeemRequest
from .invite_redeemed import InviteRedeemed
from .knowledge_entry import KnowledgeEntry
from .knowledge_entry_create_request import KnowledgeEntryCreateRequest
from .member import Member
from .member_create_request import MemberCreateRequest
from .member_kind_enum import MemberKindEnum
from .member_ref import MemberRef
from .member_role_enum import MemberRoleEnum
from .message import Message
from .message_create_request import MessageCreateRequest
from .message_subject_type_0 import MessageSubjectType0
from .message_subject_type_0_type import MessageSubjectType0Type
from .message_to import MessageTo
from .message_to_kind import MessageToKind
from .mode_enum import ModeEnum
from .node_after_request import NodeAfterRequest
from .node_before_request import NodeBeforeRequest
from .node_kind_enum import NodeKindEnum
from .node_request import NodeRequest
from .node_snapshot_request import NodeSnapshotRequest
from .paginated_delivery_list import PaginatedDeliveryList
from .paginated_event_list import PaginatedEventList
from .paginated_impact_batch_result_list import PaginatedImpactBatchResultList
from .paginated_impact_list import PaginatedImpactList
from .paginated_intent_batch_result_list import PaginatedIntentBatchResultList
from .paginated_intent_list import PaginatedIntentList
from .paginated_intent_node_list import PaginatedIntentNodeList
from .paginated_invite_list import PaginatedInviteList
from .paginated_knowledge_entry_list import PaginatedKnowledgeEntryList
from .paginated_member_list import PaginatedMemberList
from .paginated_message_list import PaginatedMessageList
from .paginated_prove_run_list import PaginatedProveRunList
from .paginated_snapshot_list import PaginatedSnapshotList
from .paginated_token_list import PaginatedTokenList
from .paginated_webhook_list import PaginatedWebhookList
from .paginated_zone_list import PaginatedZoneList
from .patched_impact_update_request import PatchedImpactUpdateRequest
from .patched_knowledge_entry_update_request import PatchedKnowledgeEntryUpdateRequest
from .patched_member_update_request import PatchedMemberUpdateRequest
from .patched_message_update_request import PatchedMessageUpdateRequest
from .patched_webhook_write_request import PatchedWebhookWriteRequest
from .presence_list import PresenceList
from .presence_row import PresenceRow
from .prove_create_request import ProveCreateRequest
from .prove_goal_request import ProveGoalRequest
from .prove_run import ProveRun
from .prove_run_requirements_item import ProveRunRequirementsItem
from .prove_run_requirements_item_found_type_0 import ProveRunRequirementsItemFoundType0
from .prove_run_requirements_item_kind import ProveRunRequirementsItemKind
from .prove_run_requirements_item_reason_type_1 import ProveRunRequirementsItemReasonType1
from .prove_run_requirements_item_reason_type_2_type_1 import ProveRunRequirementsItemReasonType2Type1
from .prove_run_requirements_item_reason_type_3_type_1 import ProveRunRequirementsItemReasonType3Type1
from .recipient_input_kind_enum import RecipientInputKindEnum
from .recipient_input_request import RecipientInputRequest
from .redeemed_token import RedeemedToken
from .requirement_request import RequirementRequest
from .result_enum import ResultEnum
from .scopes_enum import ScopesEnum
from .severity_enum import SeverityEnum
from .snapshot import Snapshot
from .snapshot_create_request import SnapshotCreateRequest
from .status import Status
from .status_team import StatusTeam
from .status_teams_item import StatusTeamsItem
from .sync_ack_request import SyncAckRequest
from .team_sync import TeamSync
from .team_sync_branches_item import TeamSyncBranchesItem
from .team_sync_members_item import TeamSyncMembersItem
from .ticket_request import TicketRequest
from .token import Token
from .token_create_request import TokenCreateRequest
from .token_rotate_request import TokenRotateRequest
from .topic_enum import TopicEnum
from .v1_admin_invites_list_role import V1AdminInvitesListRole
from .v1_admin_invites_list_state import V1AdminInvitesListState
from .v1_admin_members_list_kind import V1AdminMembersListKind
from .v1_admin_members_list_role import V1AdminMembersListRole
from .v1_admin_tokens_list_state import V1AdminTokensListState
from .v1_admin_webhooks_deliveries_list_format import V1AdminWebhooksDeliveriesListFormat
from .v1_admin_webhooks_list_format import V1AdminWebhooksListFormat
from .v1_impacts_list_change import V1ImpactsListChange
from .v1_impacts_list_severity import V1ImpactsListSeverity
from .v1_impacts_list_status import V1ImpactsListStatus
from .v1_impactsbatch_create_change import V1ImpactsbatchCreateChange
from .v1_impactsbatch_create_severity import V1ImpactsbatchCreateSeverity
from .v1_impactsbatch_create_status import V1ImpactsbatchCreateStatus
from .v1_intents_nodes_list_change import V1IntentsNodesListChange
from .v1_intents_nodes_list_kind import V1IntentsNodesListKind
from .v1_knowledge_list_source import V1KnowledgeListSource
from .v1_messages_list_channel import V1MessagesListChannel
from .v1_prove_history_list_result import V1ProveHistoryListResult
from .v1_team_members_list_kind import V1TeamMembersListKind
from .v1_team_members_list_role import V1TeamMembersListRole
from .v1_team_sync_create_response_200 import V1TeamSyncCreateResponse200
from .v1_zones_list_mode import V1ZonesListMode
from .verdict_enum import VerdictEnum
from .webhook import Webhook
from .webhook_write_request import WebhookWriteRequest
from .zone import Zone
from .zone_check import ZoneCheck
from .zone_claimed import ZoneClaimed
from .zone_create_request import ZoneCreateRequest

__all__ = (
    "ActOnTeam",
    "ActOnTeamOpenImpactsType0",
    "ActOnTeamZonesType0Item",
    "CallerRequest",
    "ChangeEnum",
    "ChannelEnum",
    "Delivery",
    "DeliveryStatusEnum",
    "Error",
    "ErrorError",
    "ErrorErrorFields",
    "Event",
    "FormatEnum",
    "HeartbeatAnswer",
    "HeartbeatRequest",
    "Impact",
    "ImpactBatchItemRequest",
    "ImpactBatchRequest",
    "ImpactBatchResult",
    "ImpactBatchResultErr",
    "ImpactDetail",
    "ImpactReportRequest",
    "ImpactStatusEnum",
    "Intent",
    "IntentBatchRequest",
    "IntentBatchResult",
    "IntentBatchResultErr",
    "IntentCreateRequest",
    "IntentDetail",
    "IntentDetailTicketsItem",
    "IntentNode",
    "IntentTicketsItem",
    "Invite",
    "InviteCreated",
    "InviteCreateRequest",
    "InviteRedeemed",
    "InviteRedeemRequest",
    "KnowledgeEntry",
    "KnowledgeEntryCreateRequest",
    "Member",
    "MemberCreateRequest",
    "MemberKindEnum",
    "MemberRef",
    "MemberRoleEnum",
    "Message",
    "MessageCreateRequest",
    "MessageSubjectType0",
    "MessageSubjectType0Type",
    "MessageTo",
    "MessageToKind",
    "ModeEnum",
    "NodeAfterRequest",
    "NodeBeforeRequest",
    "NodeKindEnum",
    "NodeRequest",
    "NodeSnapshotRequest",
    "PaginatedDeliveryList",
    "PaginatedEventList",
    "PaginatedImpactBatchResultList",
    "PaginatedImpactList",
    "PaginatedIntentBatchResultList",
    "PaginatedIntentList",
    "PaginatedIntentNodeList",
    "PaginatedInviteList",
    "PaginatedKnowledgeEntryList",
    "PaginatedMemberList",
    "PaginatedMessageList",
    "PaginatedProveRunList",
    "PaginatedSnapshotList",
    "PaginatedTokenList",
    "PaginatedWebhookList",
    "PaginatedZoneList",
    "PatchedImpactUpdateRequest",
    "PatchedKnowledgeEntryUpdateRequest",
    "PatchedMemberUpdateRequest",
    "PatchedMessageUpdateRequest",
    "PatchedWebhookWriteRequest",
    "PresenceList",
    "PresenceRow",
    "ProveCreateRequest",
    "ProveGoalRequest",
    "ProveRun",
    "ProveRunRequirementsItem",
    "ProveRunRequirementsItemFoundType0",
    "ProveRunRequirementsItemKind",
    "ProveRunRequirementsItemReasonType1",
    "ProveRunRequirementsItemReasonType2Type1",
    "ProveRunRequirementsItemReasonType3Type1",
    "RecipientInputKindEnum",
    "RecipientInputRequest",
    "RedeemedToken",
    "RequirementRequest",
    "ResultEnum",
    "ScopesEnum",
    "SeverityEnum",
    "Snapshot",
    "SnapshotCreateRequest",
    "Status",
    "StatusTeam",
    "StatusTeamsItem",
    "SyncAckRequest",
    "TeamSync",
    "TeamSyncBranchesItem",
    "TeamSyncMembersItem",
    "TicketRequest",
    "Token",
    "TokenCreateRequest",
    "TokenRotateRequest",
    "TopicEnum",
    "V1AdminInvitesListRole",
    "V1AdminInvitesListState",
    "V1AdminMembersListKind",
    "V1AdminMembersListRole",
    "V1AdminTokensListState",
    "V1AdminWebhooksDeliveriesListFormat",
    "V1AdminWebhooksListFormat",
    "V1ImpactsbatchCreateChange",
    "V1ImpactsbatchCreateSeverity",
    "V1ImpactsbatchCreateStatus",
    "V1ImpactsListChange",
    "V1ImpactsListSeverity",
    "V1ImpactsListStatus",
    "V1IntentsNodesListChange",
    "V1IntentsNodesListKind",
    "V1KnowledgeListSource",
    "V1MessagesListChannel",
    "V1ProveHistoryListResult",
    "V1TeamMembersListKind",
    "V1TeamMembersListRole",
    "V1TeamSyncCreateResponse200",
    "V1ZonesListMode",
    "VerdictEnum",
    "Webhook",
    "WebhookWriteRequest",
    "Zone",
    "ZoneCheck",
    "ZoneClaimed",
    "ZoneCreateRequest",
)
