"""The admin API of every settings section, made from the section registry.

Each section gets its own routes with its own schemas, so the OpenAPI document (and the web
app's generated client) has concrete types. Collections: list, create, read, update, delete,
test a saved entry, test unsaved values. Singletons: read, update, test.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from media_manager.auth.dependencies import AdminUser
from media_manager.core.checks import CheckResult
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, Storable, error_responses
from media_manager.settings.dependencies import SettingsServiceDep
from media_manager.settings.schemas import SettingsChangeRead, build_schemas
from media_manager.settings.sections import SECTIONS, SettingsSection

router = APIRouter(prefix="/settings", tags=["settings"], responses=SIGNED_IN_ERRORS)

EntryId = Annotated[str, Path(max_length=200), Storable]


@router.get("/changes")
async def list_settings_changes(
    _admin: AdminUser, service: SettingsServiceDep, page: PageParamsDep
) -> Page[SettingsChangeRead]:
    """Who changed which setting when, newest first; secret values are never recorded."""
    return await service.change_log(page)


def _add_collection(section: SettingsSection) -> None:
    schemas = build_schemas(section)
    Read, Create, Update, Test = schemas.read, schemas.create, schemas.update, schemas.test
    assert Create is not None
    base = f"/{section.key}"
    name = section.key.replace("-", "_")
    words = section.label

    async def list_entries(_admin: AdminUser, service: SettingsServiceDep) -> list[Read]:  # type: ignore[valid-type]
        return [Read.model_validate(entry) for entry in await service.list_entries(section)]

    async def create_entry(admin: AdminUser, service: SettingsServiceDep, body: Create) -> Read:  # type: ignore[valid-type]
        return Read.model_validate(await service.create_entry(section, body, admin))

    async def read_entry(_admin: AdminUser, service: SettingsServiceDep, entry_id: EntryId) -> Read:  # type: ignore[valid-type]
        return Read.model_validate(await service.get_entry(section, entry_id))

    async def update_entry(
        admin: AdminUser,
        service: SettingsServiceDep,
        entry_id: EntryId,
        body: Update,  # type: ignore[valid-type]
    ) -> Read:  # type: ignore[valid-type]
        patch = body.model_dump(include=body.model_fields_set)  # type: ignore[attr-defined]
        return Read.model_validate(await service.update_entry(section, entry_id, patch, admin))

    async def delete_entry(
        admin: AdminUser, service: SettingsServiceDep, entry_id: EntryId
    ) -> Response:
        await service.delete_entry(section, entry_id, admin)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    router.add_api_route(
        base,
        list_entries,
        methods=["GET"],
        name=f"list_{name}",
        description=f"Every {words} entry: built in, from the config file, then stored ones.",
    )
    router.add_api_route(
        base,
        create_entry,
        methods=["POST"],
        status_code=status.HTTP_201_CREATED,
        name=f"create_{name}",
        description=f"Add a {words} entry; it is used from the next request on.",
        responses=error_responses(409),
    )
    if section.test is not None:
        test = section.test

        async def test_unsaved(
            _admin: AdminUser, service: SettingsServiceDep, body: Test
        ) -> CheckResult:  # type: ignore[valid-type]
            return await service.test_unsaved(section, body)

        async def test_entry(
            _admin: AdminUser, service: SettingsServiceDep, entry_id: EntryId
        ) -> CheckResult:
            return await service.test_entry(section, entry_id)

        router.add_api_route(
            f"{base}/test",
            test_unsaved,
            methods=["POST"],
            name=f"test_unsaved_{name}",
            description=(
                f"Test {words} values before saving them; with `id`, omitted fields (secrets "
                f"too) come from that saved entry. {test.__doc__ or ''}"
            ),
            responses=error_responses(404),
        )
        router.add_api_route(
            f"{base}/{{entry_id}}/test",
            test_entry,
            methods=["POST"],
            name=f"test_{name}",
            description=f"Test a saved {words} entry. {test.__doc__ or ''}",
            responses=error_responses(404),
        )
    router.add_api_route(
        f"{base}/{{entry_id}}",
        read_entry,
        methods=["GET"],
        name=f"read_{name}",
        description=f"One {words} entry; secrets only as `<field>_set`.",
        responses=error_responses(404),
    )
    router.add_api_route(
        f"{base}/{{entry_id}}",
        update_entry,
        methods=["PATCH"],
        name=f"update_{name}",
        description=(
            f"Change a stored {words} entry: omitted fields (and secrets) are kept, null clears. "
            "Entries of the config file answer 409."
        ),
        responses=error_responses(404, 409),
    )
    router.add_api_route(
        f"{base}/{{entry_id}}",
        delete_entry,
        methods=["DELETE"],
        status_code=status.HTTP_204_NO_CONTENT,
        response_class=Response,
        name=f"delete_{name}",
        description=f"Remove a stored {words} entry; entries of the config file answer 409.",
        responses=error_responses(404, 409),
    )


def _add_singleton(section: SettingsSection) -> None:
    schemas = build_schemas(section)
    Read, Update = schemas.read, schemas.update
    base = f"/{section.key}"
    name = section.key.replace("-", "_")
    words = section.label

    async def read_values(_admin: AdminUser, service: SettingsServiceDep) -> Read:  # type: ignore[valid-type]
        return Read.model_validate(await service.get_values(section))

    async def update_values(admin: AdminUser, service: SettingsServiceDep, body: Update) -> Read:  # type: ignore[valid-type]
        patch = body.model_dump(include=body.model_fields_set)  # type: ignore[attr-defined]
        return Read.model_validate(await service.update_values(section, patch, admin))

    router.add_api_route(
        base,
        read_values,
        methods=["GET"],
        name=f"read_{name}",
        description=f"The {words} settings in effect; `pinned` fields come from the config file.",
    )
    router.add_api_route(
        base,
        update_values,
        methods=["PATCH"],
        name=f"update_{name}",
        description=(
            f"Change {words} settings: omitted fields (and secrets) are kept, null clears; "
            "fields pinned by the config file or environment answer 409."
        ),
        responses=error_responses(409),
    )
    if section.test is not None:
        test = section.test

        async def test_values(
            _admin: AdminUser, service: SettingsServiceDep, body: Update
        ) -> CheckResult:  # type: ignore[valid-type]
            return await service.test_values(section, body)

        router.add_api_route(
            f"{base}/test",
            test_values,
            methods=["POST"],
            name=f"test_{name}",
            description=(
                f"Test the {words} settings, with the given fields over the ones in effect. "
                f"{test.__doc__ or ''}"
            ),
        )


for _section in SECTIONS:
    if _section.kind == "collection":
        _add_collection(_section)
    else:
        _add_singleton(_section)
