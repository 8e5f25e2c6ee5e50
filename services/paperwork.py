"""Producing a petition's documents (acuse, recordatorios, oficios, respuesta, constancia) and keeping them in its expediente."""

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Canalizacion, Documento, Evento, Notificacion, Peticion, Recordatorio, Respuesta, Unidad
from models.enums import CANAL_LABELS, TIPO_LABELS, Canal, Identificacion, Reloj, Tipo
from services import audit
from services.actor import Actor, require
from services.answers import current_answer
from services.calendar import local_date, now_utc
from services.errors import InvalidInput
from services.inhabiles import load_calendar
from services.labels import DOCUMENT_NAMES
from services.lifecycle import get_petition
from services.private_files import data_folder, inside, write_private
from services.public_status import ensure_code, shown
from services.terms import load_terms

AVISO_PRIVACIDAD = (
    "Aviso de privacidad simplificado: sus datos personales se usan solo para atender y dar seguimiento a su "
    "petición, conforme a la Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados. "
    "Puede ejercer sus derechos de acceso, rectificación, cancelación y oposición (ARCO) en este módulo."
)
ID_LABELS = {Identificacion.INE: "INE", Identificacion.PASAPORTE: "Pasaporte",
             Identificacion.CEDULA_PROFESIONAL: "Cédula profesional"}


def store(*, session: Session, actor: Actor, peticion: Peticion | None, unidad_id: int, kind: str, pdf: bytes,
          data_dir: Path, name: str) -> Documento:
    """Write the PDF under the expediente's folder, record it with its SHA-256 and append an event."""
    folder = data_folder(data_dir, "expedientes", peticion.folio if peticion else "unidad")
    path = inside(folder, name)
    counter = 1
    while path.exists():
        counter += 1
        path = inside(folder, f"{Path(name).stem}-{counter}{Path(name).suffix}")
    write_private(path, pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        document = Documento(peticion_id=peticion.id if peticion else None, tipo=kind, nombre=path.name,
                             ruta=str(path), sha256=digest, creado_en=now_utc(), usuario_id=actor.id)
        session.add(document)
        session.flush()
        audit.record(session, actor=actor, accion="documento_generado", unidad_id=unidad_id,
                     peticion_id=peticion.id if peticion else None,
                     detalle={"tipo": kind, "archivo": path.name, "sha256": digest})
    except BaseException:
        # Without its row the file would be an orphan nobody can find from the expediente.
        path.unlink(missing_ok=True)
        raise
    return document


def _unit(session: Session, unidad_id: int):
    from services.reports import unit_info

    return unit_info(session.get_one(Unidad, unidad_id))


def _area_info(area: Area):
    from services.documents.model import AreaInfo

    return AreaInfo(nombre=area.nombre, enlace_nombre=area.enlace_nombre, enlace_correo=area.enlace_correo,
                    enlace_telefono=area.enlace_telefono, superior_nombre=area.superior_nombre,
                    superior_cargo=area.superior_cargo, superior_correo=area.superior_correo)


def acuse(*, session: Session, actor: Actor, folio: str, data_dir: Path) -> Documento:
    """The acuse de recibo the petitioner takes from the desk."""
    require(actor, "registrar")
    from services.documents.acuse import render_acuse
    from services.documents.model import AcuseData
    from services.triage import CATEGORY_LABELS

    peticion = get_petition(session, folio)
    code = ensure_code(peticion)
    terms = load_terms(session)
    lines = (
        f"El área competente dará seguimiento en un plazo no mayor a {terms.days(peticion.tipo, Reloj.SEGUIMIENTO)} "
        "días hábiles a partir de la canalización (L5).",
        f"Recibida la respuesta, se le notificará en un plazo no mayor a {terms.days(peticion.tipo, Reloj.NOTIFICACION)} "
        "días hábiles (L14).",
    )
    urgent = None
    if peticion.urgente:
        urgent = (f"{CATEGORY_LABELS.get(peticion.triage_categoria or '', 'Urgente')} — "
                  f"se alertó a {peticion.urgencia_alertado_a or 'la unidad'}")
    data = AcuseData(
        unit=_unit(session, peticion.unidad_id), folio=peticion.folio, recibida=peticion.recibida_en,
        tipo=TIPO_LABELS[Tipo(peticion.tipo)], canal=CANAL_LABELS[Canal(peticion.canal)], resumen=peticion.descripcion,
        peticionario=peticion.nombre_completo or None, terminos=lines,
        como_dar_seguimiento=f"Conserve este acuse. Pregunte por su folio {peticion.folio} en el Módulo de Orientación "
                             "y Atención al Derechohabiente de la unidad, en persona o por teléfono.",
        aviso_privacidad=AVISO_PRIVACIDAD, urgente=urgent, clave_consulta=shown(code),
        url_consulta=_status_link(peticion.folio, code),
    )
    document = store(session=session, actor=actor, peticion=peticion, unidad_id=peticion.unidad_id, kind="acuse",
                     pdf=render_acuse(data), data_dir=data_dir, name=f"acuse-{peticion.folio}.pdf")
    from services.mail.petitioner import queue_acuse

    queue_acuse(session=session, actor=actor, peticion=peticion, documento=document)
    return document


def _status_link(folio: str, code: str) -> str:
    """The link the acuse's QR opens on the status page, when the unit publishes one (MOAD_URL_PUBLICA)."""
    from urllib.parse import quote

    from services.settings import get_settings

    base = get_settings().url_publica.rstrip("/")
    return f"{base}/c/{quote(folio)}/{code}" if base else ""


def escalation_letter(*, session: Session, actor: Actor, recordatorio_id: int, data_dir: Path) -> Documento:
    """The first or second reminder to the área, or the oficio to its superior, for a recorded step."""
    require(actor, "recordatorio")
    from services.documents.model import OficioData, OficioKind
    from services.documents.oficios import render_oficio

    reminder = session.get(Recordatorio, recordatorio_id)
    if reminder is None:
        raise InvalidInput("No existe ese recordatorio u oficio.")
    peticion = get_petition(session, reminder.peticion_id)
    routing = session.get_one(Canalizacion, reminder.canalizacion_id)
    earlier = session.execute(select(Recordatorio).where(col(Recordatorio.canalizacion_id) == routing.id,
                                                         col(Recordatorio.id) < reminder.id)
                              .order_by(col(Recordatorio.id))).scalars().all()
    # Each term is read back from the dates it produced, so the days a letter states always match its «a más
    # tardar» date, also when a term was adjusted after the letter was sent.
    calendar = load_calendar(session)
    sent, routed = local_date(reminder.enviado_en), local_date(routing.canalizada_en)
    before = (local_date(earlier[-1].enviado_en), earlier[-1].vence_en) if earlier else (routed, routing.vence_seguimiento)
    data = OficioData(
        unit=_unit(session, peticion.unidad_id), area=_area_info(session.get_one(Area, routing.area_id)),
        kind=cast(OficioKind, reminder.tipo),
        numero=reminder.numero, fecha=sent, folio=peticion.folio,
        recibida=local_date(peticion.recibida_en), canalizada=routed,
        previos=tuple((DOCUMENT_NAMES[r.tipo], local_date(r.enviado_en)) for r in earlier),
        vence=reminder.vence_en, resumen=peticion.descripcion,
        plazo=calendar.term_days(sent, reminder.vence_en), plazo_anterior=calendar.term_days(*before),
    )
    return store(session=session, actor=actor, peticion=peticion, unidad_id=peticion.unidad_id, kind=reminder.tipo,
                 pdf=render_oficio(data), data_dir=data_dir,
                 name=f"{reminder.tipo}-{reminder.numero.replace('/', '_')}.pdf")


def constancia(*, session: Session, actor: Actor, folio: str, data_dir: Path) -> Documento:
    """The constancia de notificación / entrega, with every attempt and the delivery's ID data."""
    require(actor, "notificar")
    from services.documents.constancia import render_constancia
    from services.documents.model import ConstanciaData, Delivery, NotificationAttempt

    peticion = get_petition(session, folio)
    answer = current_answer(session, peticion.id)
    if answer is None or answer.firmada_en is None:
        raise InvalidInput("La constancia requiere una respuesta firmada (L13).")
    attempts = session.execute(select(Notificacion).where(col(Notificacion.peticion_id) == peticion.id)
                               .order_by(col(Notificacion.id))).scalars().all()
    if not attempts:
        raise InvalidInput("Aún no hay intentos de notificación que hacer constar (L14).")
    # A hand-over after resguardo or after conclusion is the latest one: its constancia names who received it then.
    delivered = next((a for a in reversed(attempts) if a.identificacion_tipo), None)
    delivery = None
    if delivered is not None:
        delivery = Delivery(recibe=delivered.recibe_nombre,
                            identificacion_tipo=ID_LABELS[Identificacion(delivered.identificacion_tipo)],
                            identificacion_numero=delivered.identificacion_numero, tercero=delivered.tercero,
                            carta_poder=delivered.carta_poder, cuando=delivered.intentada_en)
    signer = answer.firmada_por and _user_name(session, answer.firmada_por)
    data = ConstanciaData(
        unit=_unit(session, peticion.unidad_id), folio=peticion.folio,
        peticionario=peticion.nombre_completo or "Anónimo", respuesta_resumen=_answers_excerpt(session, peticion, answer),
        firmada_por=signer or "", firmada_en=answer.firmada_en,
        intentos=tuple(NotificationAttempt(cuando=a.intentada_en, medio=a.medio, resultado=a.resultado,
                                           detalle=a.detalle) for a in attempts),
        entrega=delivery, fecha=local_date(now_utc()), resguardo_en=_kept_since(session, peticion.id),
        dias_resguardo=load_terms(session).days(peticion.tipo, Reloj.RESGUARDO),
    )
    return store(session=session, actor=actor, peticion=peticion, unidad_id=peticion.unidad_id, kind="constancia",
                 pdf=render_constancia(data), data_dir=data_dir, name=f"constancia-{peticion.folio}.pdf")


def _answers_excerpt(session: Session, peticion: Peticion, signed: Respuesta) -> str:
    """The answer notified: each área's in force, named, when the petition went to several (L4)."""
    from services import area_routings

    answers = [a for a in area_routings.current_answers(session, peticion) if a.firmada_en] or [signed]
    if len(answers) == 1:
        return answers[0].texto
    return "\n".join(f"{area_routings.area_name(session, a.area_id) if a.area_id else '—'}: {a.texto}" for a in answers)


def answer_letter(*, session: Session, actor: Actor, peticion: Peticion, answer: Respuesta, numero: str,
                  data_dir: Path, mas: Sequence[Respuesta] = ()) -> Documento:
    """The oficio de respuesta for the petitioner: the signed answer with the director's signature block (L13, L14),
    followed by the answers of the other áreas the petition was routed to (`mas`, L4)."""
    require(actor, "firmar")
    from services.documents.answer_letter import render_answer_letter
    from services.documents.model import AnswerLetterData, AnswerPart

    if answer.firmada_en is None:
        raise InvalidInput("El oficio de respuesta requiere la respuesta firmada (L13).")
    area = session.get(Area, answer.area_id) if answer.area_id else None
    street = " ".join(p for p in (peticion.calle, peticion.numero_exterior,
                                  f"int. {peticion.numero_interior}" if peticion.numero_interior else "") if p)
    town = ", ".join(p for p in (f"C.P. {peticion.codigo_postal}" if peticion.codigo_postal else "",
                                 peticion.municipio, peticion.entidad) if p)
    data = AnswerLetterData(
        unit=_unit(session, peticion.unidad_id), numero=numero, fecha=local_date(answer.firmada_en), folio=peticion.folio,
        recibida=local_date(peticion.recibida_en), peticionario=peticion.nombre_completo,
        domicilio=tuple(p for p in (street, f"Col. {peticion.colonia}" if peticion.colonia else "", town) if p),
        area=area.nombre if area else "el área competente", texto=answer.texto, solucion=answer.solucion,
        emite=(answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono),
        dias_notificacion=load_terms(session).days(peticion.tipo, Reloj.NOTIFICACION),
        mas_areas=tuple(AnswerPart(_area_name(session, other.area_id), other.texto, other.solucion,
                                   (other.firmante_nombre, other.firmante_cargo, other.firmante_telefono))
                        for other in mas),
    )
    return store(session=session, actor=actor, peticion=peticion, unidad_id=peticion.unidad_id, kind="respuesta",
                 pdf=render_answer_letter(data), data_dir=data_dir, name=f"respuesta-{numero.replace('/', '_')}.pdf")


def _area_name(session: Session, area_id: int | None) -> str:
    area = session.get(Area, area_id) if area_id else None
    return area.nombre if area else "el área competente"


def _kept_since(session: Session, peticion_id: int) -> datetime | None:
    """When the answer was put in resguardo (L14), if it was."""
    return session.execute(select(col(Evento.ocurrido_en)).where(col(Evento.peticion_id) == peticion_id,
                                                                col(Evento.accion) == "resguardo")
                           .order_by(col(Evento.id).desc())).scalars().first()


def _user_name(session: Session, user_id: int) -> str:
    from models import Usuario

    user = session.get(Usuario, user_id)
    return user.nombre if user else ""
