""" Contains all the data models used in inputs/outputs """

from .act_on_team import ActOnTeam
from .act_on_team_open_impacts_type_0 import ActOnTeamOpenImpactsType0
from .act_on_team_zones_type_0_item import ActOnTeamZonesType0Item
from .admin_member import AdminMember
from .batch_item_error import BatchItemError
from .batch_item_error_fields import BatchItemErrorFields
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
from .grouped_answer import GroupedAnswer
from .grouped_answer_data_item import GroupedAnswerDataItem
from .heartbeat_answer import HeartbeatAnswer
from .heartbeat_request import HeartbeatRequest
from .impact import Impact
from .impact_batch_item_request import ImpactBatchItemRequest
from .impact_batch_request import ImpactBatchRequest
from .impact_batch_result import ImpactBatchResult
from .impact_detail import ImpactDetail
from .impact_report_request import ImpactReportRequest
from .impact_status_enum import ImpactStatusEnum
from .intent import Intent
from .intent_batch_request import IntentBatchRequest
from .intent_batch_result import IntentBatchResult
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
from .list_events_aggregate import ListEventsAggregate
from .list_events_group_by import ListEventsGroupBy
from .list_events_topics_item import ListEventsTopicsItem
from .list_impacts_aggregate import ListImpactsAggregate
from .list_impacts_change import ListImpactsChange
from .list_impacts_group_by import ListImpactsGroupBy
from .list_impacts_severity import ListImpactsSeverity
from .list_impacts_status import ListImpactsStatus
from .list_intent_nodes_aggregate import ListIntentNodesAggregate
from .list_intent_nodes_change import ListIntentNodesChange
from .list_intent_nodes_group_by import ListIntentNodesGroupBy
from .list_intent_nodes_kind import ListIntentNodesKind
from .list_intents_aggregate import ListIntentsAggregate
from .list_intents_group_by import ListIntentsGroupBy
from .list_invites_aggregate import ListInvitesAggregate
from .list_invites_group_by import ListInvitesGroupBy
from .list_invites_role import ListInvitesRole
from .list_invites_state import ListInvitesState
from .list_knowledge_aggregate import ListKnowledgeAggregate
from .list_knowledge_group_by import ListKnowledgeGroupBy
from .list_knowledge_source import ListKnowledgeSource
from .list_members_aggregate import ListMembersAggregate
from .list_members_group_by import ListMembersGroupBy
from .list_members_kind import ListMembersKind
from .list_members_role import ListMembersRole
from .list_messages_aggregate import ListMessagesAggregate
from .list_messages_channel import ListMessagesChannel
from .list_messages_group_by import ListMessagesGroupBy
from .list_my_tokens_aggregate import ListMyTokensAggregate
from .list_my_tokens_group_by import ListMyTokensGroupBy
from .list_my_tokens_state import ListMyTokensState
from .list_prove_runs_aggregate import ListProveRunsAggregate
from .list_prove_runs_group_by import ListProveRunsGroupBy
from .list_prove_runs_result import ListProveRunsResult
from .list_snapshots_aggregate import ListSnapshotsAggregate
from .list_snapshots_group_by import ListSnapshotsGroupBy
from .list_team_members_aggregate import ListTeamMembersAggregate
from .list_team_members_group_by import ListTeamMembersGroupBy
from .list_team_members_kind import ListTeamMembersKind
from .list_team_members_role import ListTeamMembersRole
from .list_tokens_aggregate import ListTokensAggregate
from .list_tokens_group_by import ListTokensGroupBy
from .list_tokens_state import ListTokensState
from .list_webhook_deliveries_status import ListWebhookDeliveriesStatus
from .list_webhooks_aggregate import ListWebhooksAggregate
from .list_webhooks_format import ListWebhooksFormat
from .list_webhooks_group_by import ListWebhooksGroupBy
from .list_zones_aggregate import ListZonesAggregate
from .list_zones_group_by import ListZonesGroupBy
from .list_zones_mode import ListZonesMode
from .me_token_create_request import MeTokenCreateRequest
from .member import Member
from .member_create_request import MemberCreateRequest
from .member_kind_enum import MemberKindEnum
from .member_ref import MemberRef
from .member_role_enum import MemberRoleEnum
from .message import Message
from .message_create_request import MessageCreateRequest
from .message_create_request_channel import MessageCreateRequestChannel
from .message_from import MessageFrom
from .message_from_kind import MessageFromKind
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
from .paginated_admin_member_list import PaginatedAdminMemberList
from .paginated_delivery_list import PaginatedDeliveryList
from .paginated_event_list import PaginatedEventList
from .paginated_impact_list import PaginatedImpactList
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
from .presence_member import PresenceMember
from .presence_row import PresenceRow
from .prove_create_request import ProveCreateRequest
from .prove_goal_request import ProveGoalRequest
from .prove_run import ProveRun
from .prove_run_requirements_item import ProveRunRequirementsItem
from .prove_run_requirements_item_found_type_0 import ProveRunRequirementsItemFoundType0
from .prove_run_requirements_item_kind_type_1 import ProveRunRequirementsItemKindType1
from .prove_run_requirements_item_kind_type_2_type_1 import ProveRunRequirementsItemKindType2Type1
from .prove_run_requirements_item_kind_type_3_type_1 import ProveRunRequirementsItemKindType3Type1
from .prove_run_requirements_item_reason_type_1 import ProveRunRequirementsItemReasonType1
from .prove_run_requirements_item_reason_type_2_type_1 import ProveRunRequirementsItemReasonType2Type1
from .prove_run_requirements_item_reason_type_3_type_1 import ProveRunRequirementsItemReasonType3Type1
from .recipient_input_kind_enum import RecipientInputKindEnum
from .recipient_input_request_type_0 import RecipientInputRequestType0
from .recipient_input_request_type_0_kind import RecipientInputRequestType0Kind
from .recipient_input_request_type_1 import RecipientInputRequestType1
from .recipient_input_request_type_1_kind import RecipientInputRequestType1Kind
from .redeemed_token import RedeemedToken
from .requirement_request import RequirementRequest
from .result_enum import ResultEnum
from .scopes_enum import ScopesEnum
from .severity_enum import SeverityEnum
from .snapshot import Snapshot
from .snapshot_batch_request import SnapshotBatchRequest
from .snapshot_batch_result import SnapshotBatchResult
from .snapshot_binary_request import SnapshotBinaryRequest
from .snapshot_text_request import SnapshotTextRequest
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
from .token_with_secret import TokenWithSecret
from .topic_enum import TopicEnum
from .topics_enum import TopicsEnum
from .verdict_enum import VerdictEnum
from .webhook import Webhook
from .webhook_created import WebhookCreated
from .webhook_write_request import WebhookWriteRequest
from .zone import Zone
from .zone_check import ZoneCheck
from .zone_claimed import ZoneClaimed
from .zone_create_request import ZoneCreateRequest

__all__ = (
    "ActOnTeam",
    "ActOnTeamOpenImpactsType0",
    "ActOnTeamZonesType0Item",
    "AdminMember",
    "BatchItemError",
    "BatchItemErrorFields",
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
    "GroupedAnswer",
    "GroupedAnswerDataItem",
    "HeartbeatAnswer",
    "HeartbeatRequest",
    "Impact",
    "ImpactBatchItemRequest",
    "ImpactBatchRequest",
    "ImpactBatchResult",
    "ImpactDetail",
    "ImpactReportRequest",
    "ImpactStatusEnum",
    "Intent",
    "IntentBatchRequest",
    "IntentBatchResult",
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
    "ListEventsAggregate",
    "ListEventsGroupBy",
    "ListEventsTopicsItem",
    "ListImpactsAggregate",
    "ListImpactsChange",
    "ListImpactsGroupBy",
    "ListImpactsSeverity",
    "ListImpactsStatus",
    "ListIntentNodesAggregate",
    "ListIntentNodesChange",
    "ListIntentNodesGroupBy",
    "ListIntentNodesKind",
    "ListIntentsAggregate",
    "ListIntentsGroupBy",
    "ListInvitesAggregate",
    "ListInvitesGroupBy",
    "ListInvitesRole",
    "ListInvitesState",
    "ListKnowledgeAggregate",
    "ListKnowledgeGroupBy",
    "ListKnowledgeSource",
    "ListMembersAggregate",
    "ListMembersGroupBy",
    "ListMembersKind",
    "ListMembersRole",
    "ListMessagesAggregate",
    "ListMessagesChannel",
    "ListMessagesGroupBy",
    "ListMyTokensAggregate",
    "ListMyTokensGroupBy",
    "ListMyTokensState",
    "ListProveRunsAggregate",
    "ListProveRunsGroupBy",
    "ListProveRunsResult",
    "ListSnapshotsAggregate",
    "ListSnapshotsGroupBy",
    "ListTeamMembersAggregate",
    "ListTeamMembersGroupBy",
    "ListTeamMembersKind",
    "ListTeamMembersRole",
    "ListTokensAggregate",
    "ListTokensGroupBy",
    "ListTokensState",
    "ListWebhookDeliveriesStatus",
    "ListWebhooksAggregate",
    "ListWebhooksFormat",
    "ListWebhooksGroupBy",
    "ListZonesAggregate",
    "ListZonesGroupBy",
    "ListZonesMode",
    "Member",
    "MemberCreateRequest",
    "MemberKindEnum",
    "MemberRef",
    "MemberRoleEnum",
    "Message",
    "MessageCreateRequest",
    "MessageCreateRequestChannel",
    "MessageFrom",
    "MessageFromKind",
    "MessageSubjectType0",
    "MessageSubjectType0Type",
    "MessageTo",
    "MessageToKind",
    "MeTokenCreateRequest",
    "ModeEnum",
    "NodeAfterRequest",
    "NodeBeforeRequest",
    "NodeKindEnum",
    "NodeRequest",
    "NodeSnapshotRequest",
    "PaginatedAdminMemberList",
    "PaginatedDeliveryList",
    "PaginatedEventList",
    "PaginatedImpactList",
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
    "PresenceMember",
    "PresenceRow",
    "ProveCreateRequest",
    "ProveGoalRequest",
    "ProveRun",
    "ProveRunRequirementsItem",
    "ProveRunRequirementsItemFoundType0",
    "ProveRunRequirementsItemKindType1",
    "ProveRunRequirementsItemKindType2Type1",
    "ProveRunRequirementsItemKindType3Type1",
    "ProveRunRequirementsItemReasonType1",
    "ProveRunRequirementsItemReasonType2Type1",
    "ProveRunRequirementsItemReasonType3Type1",
    "RecipientInputKindEnum",
    "RecipientInputRequestType0",
    "RecipientInputRequestType0Kind",
    "RecipientInputRequestType1",
    "RecipientInputRequestType1Kind",
    "RedeemedToken",
    "RequirementRequest",
    "ResultEnum",
    "ScopesEnum",
    "SeverityEnum",
    "Snapshot",
    "SnapshotBatchRequest",
    "SnapshotBatchResult",
    "SnapshotBinaryRequest",
    "SnapshotTextRequest",
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
    "TokenWithSecret",
    "TopicEnum",
    "TopicsEnum",
    "VerdictEnum",
    "Webhook",
    "WebhookCreated",
    "WebhookWriteRequest",
    "Zone",
    "ZoneCheck",
    "ZoneClaimed",
    "ZoneCreateRequest",
)
