"""What each screen is for, written for a desk officer; F1 shows it with the keys that work there."""

from services.terms import (
    BUZON_COLLECTIONS_PER_WEEK,
    MONTHLY_REPORT_BUSINESS_DAYS,
    PRORROGA_MAX_BUSINESS_DAYS,
    days_text,
)

SCREEN_HELP: dict[str, str] = {
    "HomeScreen": (
        "Inicio. A la derecha, lo que vence hoy o ya venció. Use las teclas de función para ir a cada "
        "pantalla; Ctrl+P busca una pantalla o un folio («ir al folio CMF-2026-000123»)."
    ),
    "IntakeScreen": (
        "Registrar una petición. Tipo y medio se eligen con su número (1–5, 1–8) y el formulario pasa solo al campo "
        "siguiente; Enter también avanza, y con medio «Módulo» salta la hora de recepción (es la de este momento). "
        "Llene lo que el peticionario le dé: lo que falta no impide guardar (la petición "
        "queda con «datos incompletos» y F4 recuerda contactarlo, hasta 3 intentos), pero lo que escriba debe ser "
        "válido (CURP, teléfono de 10 dígitos, correo, código postal de 5 dígitos). Sin nombre pero con teléfono, "
        "correo o domicilio no es anónima: falta el nombre (L3). Si una inconformidad menciona a personal del "
        "Instituto, anote el servidor público involucrado. Calle, colonia, municipio, estado, el dominio del correo "
        "y el servidor público "
        "se sugieren en gris con lo escrito antes en esta unidad: → acepta la sugerencia. Un código postal ya visto "
        "llena municipio y estado («del CP»); puede corregirlos. Mientras escribe la descripción, el aviso de "
        "urgencia (L2) muestra qué palabras "
        "lo activaron; si es urgente, al guardar se le pedirá a quién alertó y a qué hora. Ctrl+S guarda desde "
        "cualquier campo y muestra el folio. Lo escrito se guarda como borrador: si se cierra la terminal, se "
        "recupera al volver."
    ),
    "QueueScreen": (
        "Bandeja de peticiones: urgentes primero, luego las más recientes. Filtre por estado, tipo, canal, área, "
        "fechas, solo urgentes o solo vencidas; «/» busca por folio completo o su número («2982», «2026-002982»; "
        "también SINAPP o SIDAC), CURP, teléfono en cualquier formato, nombre sin acentos o palabras de la "
        "descripción, y dice cuántos resultados hay; buscar a una persona queda registrado. Esc limpia la búsqueda. "
        "Enter abre el expediente. Los datos personales no se muestran en la lista."
    ),
    "ExpedienteScreen": (
        "Expediente de una petición (L15): datos, historial de eventos, documentos y las acciones permitidas en su "
        "estado y para su rol. Los datos personales aparecen ocultos; «Mostrar datos» queda registrado con su nombre. "
        "Notificar (L14): registre cada intento con su medio, fecha y hora y resultado; un intento fallido no detiene "
        "el plazo de 2 días hábiles, y la sección de notificación dice qué medio intentar después. El resguardo "
        "procede 10 días hábiles después de la emisión de la respuesta sin localizar al peticionario, o de inmediato "
        "si no hay datos para entregarla. Para concluir desde el resguardo genere antes la constancia (K). La entrega "
        "en persona (T) se registra también después del resguardo o de concluir, y produce su constancia."
        " Al registrar la respuesta del área (R) se escribe la fecha en que respondió y el nombre, cargo y teléfono de "
        "quien la emite (L12). Si la respuesta no pasa la revisión, se devuelve al área (V), que tiene de nuevo 3 días "
        "hábiles (L5), o se registra la respuesta corregida (R); en ambos casos con el motivo, y la anterior queda en "
        "el expediente. Los recordatorios y el oficio se ofrecen cuando vence el plazo del área."
        " Varias áreas (L4): al canalizar (A), marque cada área con la barra espaciadora y pulse Enter; después puede "
        "añadir otra. Cada área tiene su enlace, sus plazos, recordatorios y respuesta, en su propio renglón del "
        "seguimiento; al responder, declinar, devolver o enviar un recordatorio se pregunta de qué área se trata. La "
        "petición queda respondida cuando todas las áreas vigentes respondieron, y el director firma una sola "
        "respuesta con la de cada área."
        " X registra el folio SINAPP (y el SIDAC de Presidencia) y, ya concluida, que se cerró en el SINAPP (L15)."
        " Z corrige el registro con un motivo: medio, fecha de recepción, descripción y datos del peticionario (el "
        "oficial, en las peticiones que registró) y el tipo (director o supervisor); el formulario muestra los datos "
        "completos y esa consulta queda registrada. Cada corrección queda en el historial con el valor anterior y el "
        "nuevo; al corregir el tipo o la recepción se recalculan los vencimientos, y una nueva descripción solo sugiere "
        "la urgencia (U la marca, Q la descarta). W corrige el área a la que se canalizó por error, sin declinación: "
        "la nueva área tiene sus plazos desde hoy. B reabre una petición concluida (director o supervisor), con su "
        "motivo: vuelve al estado en que se concluyó."
        " El área tiene 2 días hábiles para declarar que no es competente (L9); una declinación posterior se registra "
        "como extemporánea, con los días de retraso y el motivo, y se informa en el Anexo 1. La prórroga (P, L10) se "
        f"acuerda una vez por canalización y llega a lo más a {days_text(PRORROGA_MAX_BUSINESS_DAYS)} desde el día en "
        "que se acuerda (lo que suman L5 a L8); si vence sin respuesta, se envía el primer recordatorio y el "
        "escalamiento vuelve a empezar (L6–L8). L registra una medida que la SAD acordó con el área (L11): qué, "
        "responsable, fecha del acuerdo y, si la hay, fecha de cumplimiento; queda en Pendientes (F4) hasta que H la "
        "registra cumplida."
        " O imprime el acuse y Ctrl+O cualquier PDF del expediente en la impresora de este equipo; quién imprimió queda "
        "en el historial."
    ),
    "EscalationScreen": (
        "Pendientes del día: lo que vence hoy o ya venció, agrupado por acción y con las urgentes primero. Cada "
        "renglón tiene una tecla que hace la acción: registra el evento y produce el documento (recordatorio u oficio)."
        " Una prórroga vencida sin respuesta se escala de nuevo desde el primer recordatorio (L10, L6); las medidas "
        "acordadas con la SAD (L11) siguen aquí hasta registrarlas cumplidas en el expediente."
    ),
    "BuzonesScreen": (
        "Buzones de opinión (L1): registre cada recolección con las hojas que trae "
        f"(al menos {BUZON_COLLECTIONS_PER_WEEK} por semana) y capture las hojas una tras otra; el contador compara "
        "contra las hojas declaradas; las que falten quedan pendientes en F4 hasta capturarlas. Cada semana terminada con "
        "menos recolecciones queda registrada: va en F4 y en el Anexo 1 de su mes. Abajo, los peticionarios a "
        "quienes falta avisar que su hoja se recibió."
    ),
    "ReportsScreen": (
        "Informe mensual (Anexo 1, L17): elija el mes y genere el PDF y el CSV. Debe llegar a la SAD a más tardar el "
        f"{MONTHLY_REPORT_BUSINESS_DAYS}.º día hábil del mes siguiente (L17; días hábiles, LFPA art. 28); márquelo "
        "como enviado para que deje de aparecer en Pendientes. Ctrl+O lo imprime tal como se generó."
    ),
    "AdminScreen": (
        "Administración (solo el rol administrador): datos de la unidad, áreas con su enlace y superior jerárquico, "
        "buzones, usuarios, días inhábiles (con motivo y fundamento; mueven los vencimientos abiertos), plazos por tipo "
        "y la impresora de este equipo (es de la computadora, no de la unidad)."
    ),
}

GENERAL_KEYS = (
    ("F1", "esta ayuda"), ("F2", "nueva petición"), ("F3", "bandeja"), ("F4", "pendientes"), ("F5", "buzones"),
    ("F6", "reportes"), ("F7", "administración"), ("Ctrl+P", "buscar pantalla o folio"), ("Ctrl+L", "bloquear"),
    ("Esc", "volver"), ("Ctrl+Q", "salir"),
)
